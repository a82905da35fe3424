import CorpusCore
import Testing
@testable import CorpusFilters

@Suite("Quality: Gopher repetition rules")
struct QualityGopherRepetitionTests {
    typealias Options = GopherRepetitionFilter.Options
    typealias Limit = GopherRepetitionFilter.NGramLimit

    /// A filter with only the given checks on.
    func only(
        dupLineFrac: Double = 0, dupParaFrac: Double = 0, dupLineCharFrac: Double = 0, dupParaCharFrac: Double = 0,
        topNGrams: [Limit] = [], dupNGrams: [Limit] = []
    ) -> GopherRepetitionFilter {
        GopherRepetitionFilter(options: Options(
            dupLineFrac: dupLineFrac, dupParaFrac: dupParaFrac, dupLineCharFrac: dupLineCharFrac,
            dupParaCharFrac: dupParaCharFrac, topNGrams: topNGrams, dupNGrams: dupNGrams))
    }

    /// The n-gram measures of `text`'s words.
    func nGrams(_ text: String) -> NGramRepetition {
        let words = EnglishWordSplitter.shared.words(in: text)
        return NGramRepetition(words, WordVocabulary(words))
    }

    @Test func anEmptyTextIsDropped() {
        #expect(QualityTestSupport.verdict(GopherRepetitionFilter(), "") == .drop(reason: "empty"))
    }

    @Test func moreThanThirtyPercentRepeatedParagraphsIsDropped() {
        let filter = only(dupParaFrac: 0.3)
        // Ten paragraphs; `a` first occurs once, and each repeat counts.
        let three = ["a", "b", "a", "c", "a", "d", "a", "e", "f", "g"].joined(separator: "\n\n")
        let four = ["a", "b", "a", "c", "a", "d", "a", "e", "a", "g"].joined(separator: "\n\n")
        #expect(QualityTestSupport.verdict(filter, three) == .keep)
        #expect(QualityTestSupport.verdict(filter, four) == .drop(reason: "dup_para_frac"))
        // A single newline does not separate paragraphs.
        #expect(QualityTestSupport.verdict(filter, ["a", "a", "a", "b"].joined(separator: "\n")) == .keep)
    }

    @Test func repeatedParagraphsOverTwentyPercentOfTheCharactersAreDropped() {
        let filter = only(dupParaCharFrac: 0.2)
        // 4 repeated code points over 20 (kept) or 19 (dropped).
        #expect(QualityTestSupport.verdict(filter, "aaaa\n\n12345678\n\naaaa") == .keep)
        #expect(QualityTestSupport.verdict(filter, "aaaa\n\n1234567\n\naaaa") == .drop(reason: "dup_para_char_frac"))
        // Leading whitespace is stripped for splitting but still counts in the text's length.
        #expect(QualityTestSupport.verdict(filter, " aaaa\n\n1234567\n\naaaa") == .keep)
    }

    @Test func moreThanThirtyPercentRepeatedLinesIsDropped() {
        let filter = only(dupLineFrac: 0.3)
        let three = ["x", "y", "x", "z", "x", "w", "x", "v", "u", "t"].joined(separator: "\n")
        let four = ["x", "y", "x", "z", "x", "w", "x", "v", "x", "t"].joined(separator: "\n")
        #expect(QualityTestSupport.verdict(filter, three) == .keep)
        #expect(QualityTestSupport.verdict(filter, four) == .drop(reason: "dup_line_frac"))
    }

    @Test func leadingAndTrailingNewlinesMakeEmptyLinesThatRepeat() {
        // re.split("\n+", "\nline\n") is ["", "line", ""]: one repeat in three lines.
        #expect(QualityTestSupport.verdict(only(dupLineFrac: 0.3), "\nline\n") == .drop(reason: "dup_line_frac"))
        #expect(QualityTestSupport.verdict(only(dupLineFrac: 0.3), "line\n") == .keep)
    }

    @Test func repeatedLinesOverTwentyPercentOfTheCharactersAreDropped() {
        let filter = only(dupLineCharFrac: 0.2)
        #expect(QualityTestSupport.verdict(filter, "abcd\n0123456789\nabcd") == .keep)
        #expect(QualityTestSupport.verdict(filter, "abcd\n012345678\nabcd") == .drop(reason: "dup_line_char_frac"))
    }

    /// Distinct two-letter words whose joined text is `length` code points long.
    func filler(_ length: Int) -> String {
        let words = QualityTestSupport.distinctWords(20, stem: "").joined(separator: " ")
        return String(words.prefix(length))
    }

    @Test func aTopTwoGramOverTwentyPercentOfTheCharactersIsDropped() {
        let filter = only(topNGrams: [Limit(2, 0.2)])
        // "ab cd" twice: 5 × 2 = 10 code points over 50 (kept) or 49 (dropped).
        #expect(QualityTestSupport.verdict(filter, "ab cd " + filler(38) + " ab cd") == .keep)
        #expect(QualityTestSupport.verdict(filter, "ab cd " + filler(37) + " ab cd") == .drop(reason: "top_2_gram"))
    }

    @Test func amongEquallyFrequentNGramsTheFirstSeenIsTheTop() {
        // "a b" and "ccc ddd" both occur twice; "a b" came first: 6 / 23 passes 0.3, 14 / 23 would not.
        #expect(QualityTestSupport.verdict(only(topNGrams: [Limit(2, 0.3)]), "a b a b ccc ddd ccc ddd") == .keep)
        #expect(QualityTestSupport.verdict(only(topNGrams: [Limit(2, 0.3)]), "ccc ddd ccc ddd a b a b") == .drop(reason: "top_2_gram"))
    }

    @Test func aRepeatedFiveGramOverFifteenPercentOfTheCharactersIsDropped() {
        let filter = only(dupNGrams: [Limit(5, 0.15)])
        // The repeat of "a b c d e" adds 5 code points: over 34 passes, over 33 does not.
        #expect(QualityTestSupport.verdict(filter, "a b c d e " + filler(14) + " a b c d e") == .keep)
        #expect(QualityTestSupport.verdict(filter, "a b c d e " + filler(13) + " a b c d e") == .drop(reason: "duplicated_5_n_grams"))
    }

    @Test func aRepeatedNGramSkipsTheWordsItCovers() {
        // Ten `a` have six 5-grams: the one at word 1 repeats (+5) and the walk jumps to word 6,
        // past the last 5-gram; with eleven `a` the 5-gram at word 6 is reached and repeats too.
        func repeated(_ count: Int, n: Int) -> Int {
            let text = Array(repeating: "a", count: count).joined(separator: " ")
            var table = FingerprintTable()
            return nGrams(text).preparingJoinedText().duplicatedNGramCharacters(n: n, table: &table)
        }
        #expect(repeated(10, n: 5) == 5)
        #expect(repeated(11, n: 5) == 10)
        #expect(repeated(10, n: 11) == 0)
    }

    @Test func nGramsAreComparedWithTheirWordsJoinedWithoutSpaces() {
        // "ab c d e f" and "a bc d e f" are both "abcdef": 6 / 21 > 0.15.
        let filter = only(dupNGrams: [Limit(5, 0.15)])
        #expect(QualityTestSupport.verdict(filter, "ab c d e f a bc d e f") == .drop(reason: "duplicated_5_n_grams"))
        #expect(QualityTestSupport.verdict(filter, "ab c d e f a bx d e f") == .keep)
    }

    @Test func topNGramsAreComparedWithTheirWordsJoinedBySpaces() {
        let spaced = nGrams("ab c a bc")
        var table = FingerprintTable()
        // "ab c", "c a", "a bc" all occur once: the first, 4 code points.
        #expect(spaced.topNGramCharacters(n: 2, table: &table) == 4)
        #expect(spaced.topNGramCharacters(n: 5, table: &table) == nil)
    }

    @Test func theDefaultsAreGophersTable() {
        let options = Options()
        #expect(options.topNGrams.map(\.n) == [2, 3, 4])
        #expect(options.topNGrams.map(\.maxFraction) == [0.2, 0.18, 0.16])
        #expect(options.dupNGrams.map(\.n) == [5, 6, 7, 8, 9, 10])
        #expect(options.dupNGrams.map(\.maxFraction) == [0.15, 0.14, 0.13, 0.12, 0.11, 0.10])
        #expect([options.dupLineFrac, options.dupParaFrac, options.dupLineCharFrac, options.dupParaCharFrac] == [0.3, 0.3, 0.2, 0.2])
    }
}
