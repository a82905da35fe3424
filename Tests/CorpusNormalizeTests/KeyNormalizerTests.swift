import Testing
import CorpusNormalize
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
}
