import CGumbo
import Testing

/// A parsed HTML document, destroyed when this value goes away.
private final class ParsedHTML {
    let output: UnsafeMutablePointer<GumboOutput>

    init(_ html: String) throws {
        guard let output = gumbo_parse(html) else { throw ShimFailure("gumbo_parse returned NULL") }
        self.output = output
    }

    deinit {
        withUnsafePointer(to: kGumboDefaultOptions) { gumbo_destroy_output($0, output) }
    }

    /// The children of `node` (elements, text, comments...), in document order.
    func children(of node: UnsafeMutablePointer<GumboNode>) -> [UnsafeMutablePointer<GumboNode>] {
        let vector: GumboVector
        switch node.pointee.type {
        case GUMBO_NODE_DOCUMENT: vector = node.pointee.v.document.children
        case GUMBO_NODE_ELEMENT, GUMBO_NODE_TEMPLATE: vector = node.pointee.v.element.children
        default: return []
        }
        return (0..<Int(vector.length)).compactMap { vector.data[$0]?.assumingMemoryBound(to: GumboNode.self) }
    }

    /// Every element with `tag`, depth first from the root.
    func elements(_ tag: GumboTag) -> [UnsafeMutablePointer<GumboNode>] {
        var found: [UnsafeMutablePointer<GumboNode>] = []
        var pending = [output.pointee.root].compactMap { $0 }
        while let node = pending.popLast() {
            if node.pointee.type == GUMBO_NODE_ELEMENT && node.pointee.v.element.tag == tag {
                found.append(node)
            }
            pending.append(contentsOf: children(of: node).reversed())
        }
        return found
    }

    /// The concatenated text of `node` and its descendants.
    func text(of node: UnsafeMutablePointer<GumboNode>) -> String {
        switch node.pointee.type {
        case GUMBO_NODE_TEXT, GUMBO_NODE_WHITESPACE, GUMBO_NODE_CDATA:
            return node.pointee.v.text.text.map { String(cString: $0) } ?? ""
        default:
            return children(of: node).map { text(of: $0) }.joined()
        }
    }
}

@Suite("Gumbo HTML5 parser")
struct GumboTests {
    @Test("gumbo finds the title and paragraph text of a page")
    func titleAndParagraphs() throws {
        let page = try ParsedHTML("""
            <!DOCTYPE html><html><head><title>Corpus &amp; Co</title></head>
            <body><p>First <b>bold</b> paragraph.</p><script>var x = 1;</script><p>Second.</p></body></html>
            """)
        let titles = page.elements(GUMBO_TAG_TITLE)
        #expect(titles.count == 1)
        #expect(titles.first.map { page.text(of: $0) } == "Corpus & Co")
        #expect(page.elements(GUMBO_TAG_P).map { page.text(of: $0) } == ["First bold paragraph.", "Second."])
        #expect(page.elements(GUMBO_TAG_SCRIPT).count == 1)
    }

    @Test("gumbo repairs unclosed tags as a browser would")
    func malformedMarkup() throws {
        let page = try ParsedHTML("<p>one<p>two<div>three")
        // A new <p> and a <div> each close the open paragraph; html, head and body are implied.
        #expect(page.elements(GUMBO_TAG_P).map { page.text(of: $0) } == ["one", "two"])
        #expect(page.elements(GUMBO_TAG_DIV).map { page.text(of: $0) } == ["three"])
        #expect(page.elements(GUMBO_TAG_BODY).count == 1)
        #expect(page.elements(GUMBO_TAG_HEAD).count == 1)
    }
}
