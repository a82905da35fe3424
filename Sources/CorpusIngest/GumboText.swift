import CGumbo

#if canImport(Glibc)
import Glibc
#endif

/// HTML to text through gumbo's HTML5 tree.
enum GumboText {
    static func extract(utf8 html: UnsafeBufferPointer<UInt8>) -> HTMLText {
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
        let output: UnsafeMutablePointer<GumboOutput>? = html.withMemoryRebound(to: CChar.self) { chars in
            gumbo_parse_with_options(&options, chars.baseAddress, chars.count)
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
                    let kind = TagKind.of(gumboTag: element.tag)
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
        return HTMLTextExtractor.assemble(body: writer.finish(), title: title, language: language(of: output.pointee.root))
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

extension TagKind {
    /// The kind of a gumbo tag, through its lowercase name.
    static func of(gumboTag tag: GumboTag) -> TagKind {
        let index = Int(tag.rawValue)
        return index < gumboTable.count ? gumboTable[index] : .inline
    }

    private static let gumboTable: [TagKind] = (0...Int(GUMBO_TAG_LAST.rawValue)).map { raw in
        guard let name = gumbo_normalized_tagname(GumboTag(rawValue: UInt32(raw))) else { return .inline }
        return TagKind.of(name: String(cString: name))
    }
}
