import Testing
@testable import CorpusNormalize
import CorpusTestSupport

@Suite("Key normalization")
struct KeyNormalizerTests {
    let keys = KeyNormalizer()

    @Test func foldsCaseAccentsDigitsPunctuationAndSpacing() {
        #expect(keys.key("Café №5, 2024!") == "cafe №0 0000")
        #expect(keys.key("  The   QUICK\tbrown—fox… ") == "the quick brownfox")
        #expect(keys.key("Ångström ١٢٣") == "angstrom 000")
    }

    @Test func textsDifferingOnlyInSurfaceFormShareAKey() {
        #expect(keys.key("Hello, World!") == keys.key("hello world"))
        #expect(keys.key("re\u{301}sume\u{301}") == keys.key("Résumé"))
        #expect(keys.key("Price: $5") != keys.key("Price: 5"))
    }

    @Test("gives ASCII text the same key on the ASCII fast path as on the general Unicode path")
    func asciiFastPathAgreesWithGeneralPath() {
        var random = SplitMix64(seed: 5)
        for _ in 0..<2_000 {
            let length = Int(random.next() % 40)
            let text = String(decoding: (0..<length).map { _ in UInt8(random.next() % 128) }, as: UTF8.self)
            // A trailing no-break space is whitespace (dropped at the end) but sends the text down the general path.
            #expect(keys.key(text) == keys.key(text + "\u{00A0}"), "\(Array(text.utf8))")
            #expect(keys.keyBytes(text) == Array(keys.key(text).utf8))
        }
    }

    @Test("gives the same key through the per-scalar tables as through NFD of the whole text")
    func tablesAgreeWithWholeTextNFD() {
        let alphabet: [Unicode.Scalar] = [
            "a", "Z", "5", " ", ",", "é", "E", "\u{301}", "\u{308}", "\u{327}", "\u{1E9E}", "İ", "ǅ", "Ω", "Å", "ﬁ",
            "\u{00A0}", "\u{2003}", "—", "…", "٣", "한", "가", "\u{1100}", "\u{1161}", "ά", "\u{0345}", "Ḝ", "\u{0F71}",
            "\u{0F72}", "\u{0F73}", "\u{0F80}", "\u{05B0}", "\u{0591}", "\u{093C}", "\u{0903}", "ü", "\u{037E}", "\u{1FEF}",
            "𝐀", "😀", "\u{1D165}", "\u{1D16D}", "ß", "Ǆ", "Ⅻ", "①", "\u{3000}", "\u{FEFF}", "\u{200B}",
        ]
        var random = SplitMix64(seed: 9)
        for _ in 0..<3_000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int(random.next() % 24) { text.append(alphabet[Int(random.next() % UInt64(alphabet.count))]) }
            let string = String(text)
            #expect(keys.keyBytes(string) == keys.generalKey(string), "\(string.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}
