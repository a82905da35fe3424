import CorpusCore
import Testing
@testable import CorpusFilters

@Suite("Quality: Gopher quality rules")
struct QualityGopherQualityTests {
    let filter = GopherQualityFilter()

    /// `the of` and `count - 2` distinct six-letter words: passes every rule when `count` >= 50.
    func plain(_ count: Int) -> [String] { ["the", "of"] + QualityTestSupport.distinctWords(count - 2) }

    func verdict(_ words: [String], _ filter: GopherQualityFilter? = nil) -> Verdict {
        QualityTestSupport.verdict(filter ?? self.filter, words.joined(separator: " "))
    }

    @Test func documentsWithFewerThanFiftyWordsAreDropped() {
        #expect(verdict(plain(49)) == .drop(reason: "gopher_short_doc"))
        #expect(verdict(plain(50)) == .keep)
    }

    @Test func symbolWordsDoNotCountTowardsTheMinimum() {
        #expect(verdict(plain(49) + ["!!!", "--", "..."]) == .drop(reason: "gopher_short_doc"))
    }

    @Test func documentsWithMoreNonSymbolWordsThanTheMaximumAreDropped() {
        let strict = GopherQualityFilter(options: .init(maxDocWords: 60))
        #expect(verdict(plain(61), strict) == .drop(reason: "gopher_long_doc"))
        #expect(verdict(plain(60), strict) == .keep)
        #expect(GopherQualityFilter.Options().maxDocWords == 100_000)
    }

    @Test func aMeanWordLengthBelowThreeIsDroppedAndExactlyThreeKept() {
        // the (3) + of (2) + 48 × abc (3) = 149 / 50; with one abcd instead: 150 / 50.
        #expect(verdict(["the", "of"] + Array(repeating: "abc", count: 48)) == .drop(reason: "gopher_below_avg_threshold"))
        #expect(verdict(["the", "of", "abcd"] + Array(repeating: "abc", count: 47)) == .keep)
    }

    @Test func aMeanWordLengthAboveTenIsDroppedAndExactlyTenKept() {
        let ten = Array(repeating: "abcdefghij", count: 46)
        // 5 + 460 + 17 + 18 = 500 code points over 50 words; one more letter tips it over.
        #expect(verdict(["the", "of"] + ten + ["abcdefghijklmnopq", "abcdefghijklmnopqr"]) == .keep)
        #expect(verdict(["the", "of"] + ten + ["abcdefghijklmnopq", "abcdefghijklmnopqrs"]) == .drop(reason: "gopher_above_avg_threshold"))
    }

    @Test func meanWordLengthIgnoresSymbolWordsAndCountsCodePoints() {
        // 48 × "ééé" are 3 code points each (6 UTF-8 bytes); the dots are symbol words.
        #expect(verdict(["the", "of", "abcd"] + Array(repeating: "ééé", count: 47) + [".", "."]) == .keep)
    }

    @Test func moreThanOneHashPerTenWordsIsDropped() {
        // `wo#rd` stays one word, so 50 words hold 5 or 6 hashes.
        let five = plain(45) + Array(repeating: "wo#rd", count: 5)
        let six = plain(44) + Array(repeating: "wo#rd", count: 6)
        #expect(verdict(five) == .keep)
        #expect(verdict(six) == .drop(reason: "gopher_too_many_hashes"))
    }

    @Test func moreThanOneEllipsisPerTenWordsIsDropped() {
        // Each `x...y` is three words (`x`, `...`, `y`): 6 / 63 passes, 7 / 66 does not.
        #expect(verdict(plain(45) + Array(repeating: "x...y", count: 6)) == .keep)
        #expect(verdict(plain(45) + Array(repeating: "x...y", count: 7)) == .drop(reason: "gopher_too_many_ellipsis"))
        #expect(verdict(plain(45) + Array(repeating: "x…y", count: 7)) == .drop(reason: "gopher_too_many_ellipsis"))
    }

    /// Ten lines of five words; the first `marked` lines get `prefix` or `suffix`.
    func lines(marked: Int, prefix: String = "", suffix: String = "") -> String {
        let words = QualityTestSupport.distinctWords(30)
        return (0..<10).map { i in
            let line = "the of " + words[3 * i...3 * i + 2].joined(separator: " ")
            return i < marked ? prefix + line + suffix : line
        }.joined(separator: "\n")
    }

    @Test func moreThanNinetyPercentBulletLinesIsDropped() {
        #expect(QualityTestSupport.verdict(filter, lines(marked: 9, prefix: "  • ")) == .keep)
        #expect(QualityTestSupport.verdict(filter, lines(marked: 10, prefix: "- ")) == .drop(reason: "gopher_too_many_bullets"))
        #expect(QualityTestSupport.verdict(filter, lines(marked: 10, prefix: "* ")) != .drop(reason: "gopher_too_many_bullets"))
    }

    @Test func moreThanThirtyPercentLinesEndingInAnEllipsisIsDropped() {
        #expect(QualityTestSupport.verdict(filter, lines(marked: 3, suffix: "...  ")) == .keep)
        #expect(QualityTestSupport.verdict(filter, lines(marked: 4, suffix: "…")) == .drop(reason: "gopher_too_many_end_ellipsis"))
    }

    @Test func fewerThanEightyPercentWordsWithALetterIsDropped() {
        // 50 words with letters and 12 or 13 numbers: 50 / 62 passes, 50 / 63 does not.
        let numbers = (0..<13).map { String(100 + $0) }
        #expect(verdict(plain(50) + numbers.prefix(12)) == .keep)
        #expect(verdict(plain(50) + numbers) == .drop(reason: "gopher_below_alpha_threshold"))
    }

    @Test func punctuationTokensCountAsWordsWithoutLetters() {
        // `word,` is two words: 50 with letters, 13 commas.
        let commas = plain(50).enumerated().map { $0.offset < 13 ? $0.element + "," : $0.element }
        #expect(verdict(commas) == .drop(reason: "gopher_below_alpha_threshold"))
    }

    @Test func fewerThanTwoDistinctStopWordsIsDropped() {
        let rest = QualityTestSupport.distinctWords(50)
        #expect(verdict(["the", "the", "the"] + rest) == .drop(reason: "gopher_enough_stop_words"))
        #expect(verdict(["The", "of"] + rest) == .drop(reason: "gopher_enough_stop_words"))
        #expect(verdict(["the", "with"] + rest) == .keep)
    }

    @Test func aLimitOfZeroTurnsItsCheckOff() {
        let lenient = GopherQualityFilter(options: .init(minDocWords: 0, minStopWords: 0))
        #expect(QualityTestSupport.verdict(lenient, "short text here") == .keep)
        #expect(QualityTestSupport.verdict(lenient, "") == .keep)
    }
}
