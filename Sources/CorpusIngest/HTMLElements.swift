#if canImport(Glibc)
import Glibc
#endif

/// How the extractors treat an element.
enum TagKind: Sendable {
    case inline, block, lineBreak, cell, skipped, title

    /// The kind of the element named `name` (lowercase).
    static func of(name: String) -> TagKind { byName[name] ?? .inline }

    /// The kind of an element whose lowercase name is NUL-terminated at `name`.
    static func of(cName name: UnsafePointer<CChar>) -> TagKind {
        guard let key = name.withMemoryRebound(to: UInt8.self, capacity: 1, { TagKey($0) }) else { return .inline }
        return byKey[key] ?? .inline
    }

    private static let blocks = [
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
        "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre",
        "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul", "option", "frameset", "noframes",
    ]
    /// Elements whose content is not page text.
    private static let nonText = [
        "script", "style", "noscript", "template", "iframe", "svg", "math", "object", "embed", "canvas",
        "audio", "video", "select", "button",
    ]

    private static let byName: [String: TagKind] = {
        var table: [String: TagKind] = [:]
        for name in blocks { table[name] = .block }
        for name in nonText { table[name] = .skipped }
        table["title"] = .title
        table["br"] = .lineBreak
        table["td"] = .cell
        table["th"] = .cell
        return table
    }()

    private static let byKey: [TagKey: TagKind] = Dictionary(
        uniqueKeysWithValues: byName.compactMap { name, kind in
            Array(name.utf8 + [0]).withUnsafeBufferPointer { buffer in
                buffer.baseAddress.flatMap(TagKey.init).map { ($0, kind) }
            }
        })
}

/// A tag name of at most 16 bytes packed into two words, for lookups without making a String.
private struct TagKey: Hashable {
    var low: UInt64 = 0
    var high: UInt64 = 0

    init?(_ name: UnsafePointer<UInt8>) {
        var index = 0
        while name[index] != 0 {
            guard index < 16 else { return nil }
            let byte = UInt64(name[index] | (name[index] >= 0x41 && name[index] <= 0x5A ? 0x20 : 0))
            if index < 8 { low |= byte << (8 * UInt64(index)) } else { high |= byte << (8 * UInt64(index - 8)) }
            index += 1
        }
    }
}

/// Builds text line by line, collapsing whitespace and dropping empty lines.
struct LineWriter {
    private var bytes: [UInt8] = []
    private var lineHasText = false
    private var pendingSpace = false

    /// Appends a NUL-terminated UTF-8 text node.
    mutating func append(_ text: UnsafePointer<CChar>) {
        let length = strlen(text)
        text.withMemoryRebound(to: UInt8.self, capacity: length) { append($0, count: length) }
    }

    /// Appends `length` bytes of UTF-8 text.
    mutating func append(_ start: UnsafePointer<UInt8>, count length: Int) {
        var index = 0
        while index < length {
            let byte = start[index]
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
                pendingSpace = lineHasText
            } else if byte == 0xC2, index + 1 < length, start[index + 1] == 0xA0 {
                pendingSpace = lineHasText  // no-break space
                index += 1
            } else {
                if pendingSpace { bytes.append(0x20); pendingSpace = false }
                bytes.append(byte)
                lineHasText = true
            }
            index += 1
        }
    }

    /// Ends the current line, if it has text.
    mutating func breakLine() {
        if lineHasText { bytes.append(0x0A) }
        lineHasText = false
        pendingSpace = false
    }

    /// Separates table cells on one line.
    mutating func separate() {
        pendingSpace = lineHasText
    }

    mutating func finish() -> String {
        if bytes.last == 0x0A { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension String {
    /// The string without leading and trailing ASCII whitespace.
    func trimmingASCIIWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
