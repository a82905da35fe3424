import CorpusIngest
import Testing

@Suite("HTML text extraction")
struct HTMLTextTests {
    private func text(_ html: String, _ parser: HTMLParser) -> String {
        HTMLTextExtractor.extract(utf8: Array(html.utf8), parser: parser).text
    }

    @Test("drops script, style, noscript and template content", arguments: HTMLParser.allCases)
    func dropsNonText(parser: HTMLParser) {
        let html = "<body><script>alert(1)</script><style>.a{}</style><noscript>JS off</noscript><template>T</template><p>Kept.</p></body>"
        #expect(text(html, parser) == "Kept.")
    }

    @Test("turns block elements and br into line breaks and collapses whitespace", arguments: HTMLParser.allCases)
    func blocksAndWhitespace(parser: HTMLParser) {
        let html = "<div>  One \n\t two&nbsp;&nbsp;three </div><p>Four<br>Five</p><table><tr><td>a</td><td>b</td></tr></table>"
            + "<p><em>x</em> <b>y</b></p>"
        #expect(text(html, parser) == "One two three\nFour\nFive\na b\nx y")
    }

    @Test("keeps the title as the first line and reports the html lang attribute", arguments: HTMLParser.allCases)
    func titleAndLanguage(parser: HTMLParser) {
        let result = HTMLTextExtractor.extract(utf8: Array("<html lang=\"de\"><title>Titel</title><p>Text.</p></html>".utf8), parser: parser)
        #expect(result.text == "Titel\nText.")
        #expect(result.title == "Titel")
        #expect(result.language == "de")
    }

    @Test("survives deeply nested markup without recursion limits", arguments: HTMLParser.allCases)
    func deepNesting(parser: HTMLParser) {
        let html = String(repeating: "<div>", count: 20_000) + "deep" + String(repeating: "</div>", count: 20_000)
        #expect(text(html, parser) == "deep")
    }
}

@Suite("HTML parsers agree")
struct HTMLParsersAgreeTests {
    @Test("libxml2 and gumbo give the same text for well-formed pages")
    func sameText() {
        let html = """
            <!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Le titre</title>
            <style>body { margin: 0 }</style></head><body><header><nav><a href="/">Accueil</a> | <a href="/b">Blog</a></nav></header>
            <main><h1>Un article</h1><p>Premier paragraphe avec <em>emphase</em> et <a href="#">lien</a>.</p>
            <p>Deuxième&nbsp;paragraphe &amp; entités &lt;ok&gt;.</p><ul><li>un</li><li>deux</li></ul>
            <table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>
            <script>document.write("no")</script></main><footer>Pied de page</footer></body></html>
            """
        let viaLibXML2 = HTMLTextExtractor.extract(utf8: Array(html.utf8), parser: .libxml2)
        let viaGumbo = HTMLTextExtractor.extract(utf8: Array(html.utf8), parser: .gumbo)
        #expect(viaLibXML2 == viaGumbo)
        #expect(viaGumbo.text == """
            Le titre
            Accueil | Blog
            Un article
            Premier paragraphe avec emphase et lien.
            Deuxième paragraphe & entités <ok>.
            un
            deux
            A B
            1 2
            Pied de page
            """)
    }
}
