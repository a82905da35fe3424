import CCLD2Shim
import Testing

/// What CLD2 said about one text, with codes instead of language numbers.
private struct Detection {
    var code: String
    var isReliable: Bool
    var top3: [(code: String, percent: Int32, score: Double)]
    var textBytes: Int32
    var validPrefixBytes: Int32
}

/// Runs CLD2 over the UTF-8 bytes `bytes`.
private func detect(_ bytes: [UInt8]) -> Detection {
    var code = [CChar](repeating: 0, count: 16)
    var result = corpus_cld2_result()
    let top = withCChars(bytes) { corpus_cld2_detect($0, Int32($1), &code, Int32(code.count), &result) }
    let languages = [result.languages.0, result.languages.1, result.languages.2]
    let percents = [result.percents.0, result.percents.1, result.percents.2]
    let scores = [result.normalized_scores.0, result.normalized_scores.1, result.normalized_scores.2]
    let top3 = (0..<3).map { (String(cString: corpus_cld2_language_code(languages[$0])), percents[$0], scores[$0]) }
    let detection = Detection(
        code: string(nulTerminated: code), isReliable: result.is_reliable != 0, top3: top3,
        textBytes: result.text_bytes, validPrefixBytes: result.valid_prefix_bytes)
    #expect(String(cString: corpus_cld2_language_code(top)) == detection.code, "return value and buffer agree")
    return detection
}

private func detect(_ text: String) -> Detection { detect(Array(text.utf8)) }

private let english = """
    The committee met on Tuesday to discuss the new budget for the public library. After a long \
    debate, the members agreed to extend the opening hours and to buy more books for children, \
    while the reading room will be renovated during the summer holidays.
    """

private let french = """
    Le comité s'est réuni mardi pour discuter du nouveau budget de la bibliothèque municipale. \
    Après un long débat, les membres ont accepté de prolonger les horaires d'ouverture et \
    d'acheter davantage de livres pour les enfants pendant les vacances d'été.
    """

private let japanese = """
    委員会は火曜日に会合を開き、市立図書館の新しい予算について話し合いました。長い議論の末、\
    委員たちは開館時間を延長し、子どもたちのためにもっと多くの本を購入することに合意しました。
    """

@Suite("CLD2 shim")
struct CLD2ShimTests {
    @Test("cld2 detects an English paragraph as en, reliably")
    func englishParagraph() {
        let result = detect(english)
        #expect(result.code == "en")
        #expect(result.isReliable)
        #expect(result.top3[0].code == "en" && result.top3[0].percent >= 90)
        #expect(result.textBytes > 0 && result.validPrefixBytes == Int32(english.utf8.count))
    }

    @Test("cld2 detects French and Japanese paragraphs as fr and ja")
    func frenchAndJapanese() {
        let fr = detect(french)
        #expect(fr.code == "fr" && fr.isReliable)
        let ja = detect(japanese)
        #expect(ja.code == "ja" && ja.isReliable)
    }

    @Test("cld2 gives un for empty text")
    func emptyText() {
        let result = detect("")
        #expect(result.code == "un")
        #expect(!result.isReliable)
        #expect(result.top3.allSatisfy { $0.code == "un" })
    }

    @Test("cld2 refuses invalid UTF-8 with un and reports where it starts")
    func invalidUTF8() {
        let bytes = Array(english.utf8) + [0xFF, 0xFE] + Array(" more text".utf8)
        let result = detect(bytes)
        #expect(result.validPrefixBytes == Int32(english.utf8.count))
        #expect(result.code == "un" && !result.isReliable)
    }

    @Test("cld2 maps language codes to English names and back")
    func names() {
        let french = corpus_cld2_language_from_name("fr")
        #expect(String(cString: corpus_cld2_language_name(french)) == "FRENCH")
        #expect(String(cString: corpus_cld2_language_code(french)) == "fr")
        #expect(corpus_cld2_language_from_name("FRENCH") == french)
        #expect(corpus_cld2_language_from_name("xx-not-a-language") == CORPUS_CLD2_UNKNOWN_LANGUAGE)
        #expect(String(cString: corpus_cld2_language_name(CORPUS_CLD2_UNKNOWN_LANGUAGE)) == "Unknown")
        #expect(String(cString: corpus_cld2_language_code(-5)) == "un")
    }
}
