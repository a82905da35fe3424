import Testing
import CorpusNormalize

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
}
