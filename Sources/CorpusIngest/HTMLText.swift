import CGumbo

#if canImport(Glibc)
import Glibc
#endif

/// The readable text of an HTML page, as the web pipeline keeps it.
public struct HTMLText: Sendable, Equatable {
    /// Visible text: one line per block element, whitespace collapsed, empty lines dropped,
    /// the title as the first line (as Common Crawl's WET text has it).
    public var text: String
    /// The `<title>`, whitespace collapsed; nil when absent or empty.
    public var title: String?
    /// The `lang` attribute of `<html>`, lowercased, when present.
    public var language: String?
}

/// Turns HTML into text with a real HTML5 parser (gumbo), as browsers would build the tree.
///
/// Script, style, noscript, template and other non-text elements are dropped; block elements
/// become line breaks; runs of whitespace become one space.
public enum HTMLTextExtractor {
    /// Extracts the text of a UTF-8 HTML document.
    public static func extract(utf8 html: [UInt8]) -> HTMLText {
        // gumbo allocates every node and string separately; a bump arena freed in one go
        // replaces thousands of malloc/free pairs per page.
        let arena = ParseArena()
        var options = kGumboDefaultOptions
        options.max_errors = 0
        options.userdata = Unmanaged.passUnretained(arena).toOpaque()
        options.allocator = { userdata, size in
            guard let userdata else { return nil }
            return Unmanaged<ParseArena>.fromOpaque(userdata).takeUnretainedValue().allocate(size)
        }
        options.deallocator = { _, _ in }
        let output: UnsafeMutablePointer<GumboOutput>? = html.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                gumbo_parse_with_options(&options, chars.baseAddress, chars.count)
            }
        }
        guard let output else { return HTMLText(text: "", title: nil, language: nil) }
        defer { withExtendedLifetime(arena) {} }

        var writer = LineWriter()
        var title: String?
        var stack: [Step] = [.enter(output.pointee.root)]
        while let step = stack.popLast() {
            switch step {
            case .leave(let isBlock):
                if isBlock { writer.breakLine() }
            case .enter(let node):
                switch node.pointee.type {
                case GUMBO_NODE_TEXT, GUMBO_NODE_CDATA, GUMBO_NODE_WHITESPACE:
                    if let text = node.pointee.v.text.text { writer.append(text) }
                case GUMBO_NODE_ELEMENT:
                    let element = node.pointee.v.element
                    let kind = TagKind.of(element.tag)
                    if kind == .title {
                        if title == nil { title = collapsedText(of: node) }
                        continue
                    }
                    if kind == .skipped { continue }
                    if kind == .lineBreak { writer.breakLine(); continue }
                    if kind == .cell { writer.separate() }
                    if kind == .block { writer.breakLine() }
                    stack.append(.leave(isBlock: kind == .block))
                    pushChildren(element.children, onto: &stack)
                default:
                    continue  // comments, and templates (whose content is inert)
                }
            }
        }
        var text = writer.finish()
        if let title, !title.isEmpty, !text.hasPrefix(title + "\n"), text != title {
            text = text.isEmpty ? title : title + "\n" + text
        }
        return HTMLText(text: text, title: (title?.isEmpty ?? true) ? nil : title, language: language(of: output.pointee.root))
    }

    private enum Step {
        case enter(UnsafeMutablePointer<GumboNode>)
        case leave(isBlock: Bool)
    }

    private static func pushChildren(_ children: GumboVector, onto stack: inout [Step]) {
        guard let data = children.data else { return }
        for index in stride(from: Int(children.length) - 1, through: 0, by: -1) {
            if let child = data[index] {
                stack.append(.enter(child.assumingMemoryBound(to: GumboNode.self)))
            }
        }
    }

    private static func collapsedText(of node: UnsafeMutablePointer<GumboNode>) -> String {
        var writer = LineWriter()
        var stack: [UnsafeMutablePointer<GumboNode>] = [node]
        while let current = stack.popLast() {
            if current.pointee.type == GUMBO_NODE_ELEMENT {
                let children = current.pointee.v.element.children
                guard let data = children.data else { continue }
                for index in stride(from: Int(children.length) - 1, through: 0, by: -1) {
                    if let child = data[index] { stack.append(child.assumingMemoryBound(to: GumboNode.self)) }
                }
            } else if let text = current.pointee.v.text.text {
                writer.append(text)
            }
        }
        return writer.finish()
    }

    private static func language(of root: UnsafeMutablePointer<GumboNode>) -> String? {
        guard root.pointee.type == GUMBO_NODE_ELEMENT else { return nil }
        var attributes = root.pointee.v.element.attributes
        guard let attribute = gumbo_get_attribute(&attributes, "lang"), let value = attribute.pointee.value else { return nil }
        let language = String(cString: value).trimmingASCIIWhitespace().lowercased()
        return language.isEmpty ? nil : language
    }
}

/// Memory for one parse, handed out by bumping a pointer and released all at once.
private final class ParseArena {
    private var chunks: [UnsafeMutableRawPointer] = []
    private var cursor: UnsafeMutableRawPointer?
    private var remaining = 0

    deinit { for chunk in chunks { free(chunk) } }

    func allocate(_ size: Int) -> UnsafeMutableRawPointer? {
        let rounded = (size + 15) & ~15
        if rounded > remaining {
            let chunkSize = max(rounded, 1 << 18)
            guard let chunk = malloc(chunkSize) else { return nil }
            chunks.append(chunk)
            cursor = chunk
            remaining = chunkSize
        }
        guard let pointer = cursor else { return nil }
        cursor = pointer + rounded
        remaining -= rounded
        return pointer
    }
}

/// How the extractor treats an element.
private enum TagKind {
    case inline, block, lineBreak, cell, skipped, title

    static func of(_ tag: GumboTag) -> TagKind {
        let index = Int(tag.rawValue)
        return index < table.count ? table[index] : .inline
    }

    private static let table: [TagKind] = {
        var table = [TagKind](repeating: .inline, count: Int(GUMBO_TAG_LAST.rawValue) + 1)
        let blocks: [GumboTag] = [
            GUMBO_TAG_ADDRESS, GUMBO_TAG_ARTICLE, GUMBO_TAG_ASIDE, GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_BODY,
            GUMBO_TAG_CAPTION, GUMBO_TAG_CENTER, GUMBO_TAG_DD, GUMBO_TAG_DETAILS,
            GUMBO_TAG_DIR, GUMBO_TAG_DIV, GUMBO_TAG_DL, GUMBO_TAG_DT, GUMBO_TAG_FIELDSET,
            GUMBO_TAG_FIGCAPTION, GUMBO_TAG_FIGURE, GUMBO_TAG_FOOTER, GUMBO_TAG_FORM, GUMBO_TAG_H1,
            GUMBO_TAG_H2, GUMBO_TAG_H3, GUMBO_TAG_H4, GUMBO_TAG_H5, GUMBO_TAG_H6, GUMBO_TAG_HEADER,
            GUMBO_TAG_HGROUP, GUMBO_TAG_HR, GUMBO_TAG_HTML, GUMBO_TAG_LEGEND, GUMBO_TAG_LI, GUMBO_TAG_MAIN,
            GUMBO_TAG_MENU, GUMBO_TAG_NAV, GUMBO_TAG_OL, GUMBO_TAG_P, GUMBO_TAG_PRE, GUMBO_TAG_SECTION,
            GUMBO_TAG_SUMMARY, GUMBO_TAG_TABLE, GUMBO_TAG_TBODY, GUMBO_TAG_TFOOT, GUMBO_TAG_THEAD,
            GUMBO_TAG_TR, GUMBO_TAG_UL, GUMBO_TAG_OPTION, GUMBO_TAG_FRAMESET, GUMBO_TAG_NOFRAMES,
        ]
        for tag in blocks { table[Int(tag.rawValue)] = .block }
        let skipped: [GumboTag] = [
            GUMBO_TAG_SCRIPT, GUMBO_TAG_STYLE, GUMBO_TAG_NOSCRIPT, GUMBO_TAG_TEMPLATE, GUMBO_TAG_IFRAME,
            GUMBO_TAG_SVG, GUMBO_TAG_MATH, GUMBO_TAG_OBJECT, GUMBO_TAG_EMBED, GUMBO_TAG_CANVAS,
            GUMBO_TAG_AUDIO, GUMBO_TAG_VIDEO, GUMBO_TAG_SELECT, GUMBO_TAG_BUTTON,
        ]
        for tag in skipped { table[Int(tag.rawValue)] = .skipped }
        table[Int(GUMBO_TAG_TITLE.rawValue)] = .title
        table[Int(GUMBO_TAG_BR.rawValue)] = .lineBreak
        table[Int(GUMBO_TAG_TD.rawValue)] = .cell
        table[Int(GUMBO_TAG_TH.rawValue)] = .cell
        return table
    }()
}

/// Builds text line by line, collapsing whitespace and dropping empty lines.
private struct LineWriter {
    private var bytes: [UInt8] = []
    private var lineHasText = false
    private var pendingSpace = false

    /// Appends a NUL-terminated UTF-8 text node.
    mutating func append(_ text: UnsafePointer<CChar>) {
        let length = strlen(text)
        text.withMemoryRebound(to: UInt8.self, capacity: length) { start in
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
