import CorpusIngest
import Testing

@Suite("HTML text extraction")
struct HTMLTextTests {
    private func text(_ html: String) -> String { HTMLTextExtractor.extract(utf8: Array(html.utf8)).text }

    @Test("drops script, style, noscript and template content")
    func dropsNonText() {
        let html = "<body><script>alert(1)</script><style>.a{}</style><noscript>JS off</noscript><template>T</template><p>Kept.</p></body>"
        #expect(text(html) == "Kept.")
    }

    @Test("turns block elements and br into line breaks and collapses whitespace")
    func blocksAndWhitespace() {
        let html = "<div>  One \n\t two&nbsp;&nbsp;three </div><p>Four<br>Five</p><table><tr><td>a</td><td>b</td></tr></table>"
        #expect(text(html) == "One two three\nFour\nFive\na b")
    }

    @Test("keeps the title as the first line and reports the html lang attribute")
    func titleAndLanguage() {
        let result = HTMLTextExtractor.extract(utf8: Array("<html lang=\"de\"><title>Titel</title><p>Text.</p></html>".utf8))
        #expect(result.text == "Titel\nText.")
        #expect(result.title == "Titel")
        #expect(result.language == "de")
    }

    @Test("survives deeply nested markup without recursion limits")
    func deepNesting() {
        let html = String(repeating: "<div>", count: 20_000) + "deep" + String(repeating: "</div>", count: 20_000)
        #expect(text(html) == "deep")
    }
}
