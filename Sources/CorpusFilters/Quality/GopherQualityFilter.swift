import CorpusCore

/// Gopher's quality rules (Rae et al. 2021, MassiveText, appendix A1) as datatrove 0.10.1's
/// `GopherQualityFilter` applies them, with its defaults and drop reasons. Checks run in this
/// order; the first that fails names the reason. A limit set to 0 turns its check off, as a
/// falsy setting does in datatrove.
///
/// Words are `EnglishWordSplitter` words (spaCy tokens: punctuation, `n't`, `'s` are words of
/// their own). A *symbol word* is made only of datatrove's `PUNCTUATION_SET` characters; the
/// others are *non-symbol words*. Lengths are in code points. Lines are `text.splitlines()`.
///
/// 1. `gopher_short_doc` / `gopher_long_doc`: non-symbol words < `min_doc_words` (50) or
///    > `max_doc_words` (100,000).
/// 2. `gopher_below_avg_threshold` / `gopher_above_avg_threshold`: mean length of the non-symbol
///    words < `min_avg_word_length` (3) or > `max_avg_word_length` (10).
/// 3. `gopher_too_many_hashes`: occurrences of `#` in the text ÷ all words (symbol words included)
///    > `max_symbol_word_ratio` (0.1).
/// 4. `gopher_too_many_ellipsis`: (non-overlapping occurrences of `...` + occurrences of `…`)
///    ÷ all words > `max_symbol_word_ratio` (0.1).
/// 5. `gopher_too_many_bullets`: lines whose left-stripped text starts with `•` or `-` ÷ lines
///    > `max_bullet_lines_ratio` (0.9).
/// 6. `gopher_too_many_end_ellipsis`: lines whose right-stripped text ends with `...` or `…`
///    ÷ lines > `max_ellipsis_lines_ratio` (0.3).
/// 7. `gopher_below_alpha_threshold`: words with at least one letter (`str.isalpha`, categories
///    L*) ÷ all words < `max_non_alpha_words_ratio` (0.8; despite the name, a minimum).
/// 8. `gopher_enough_stop_words`: distinct stop words among the words (case-sensitive:
///    `The` is not `the`) < `min_stop_words` (2); stop words: the, be, to, of, and, that, have, with.
///
/// Where datatrove divides by zero (no words or no lines, reachable only with
/// `min_doc_words: 0`), this filter skips the ratio instead of failing.
public struct GopherQualityFilter: AnalyzingDocumentFilter {
    public let name = "gopher_quality"
    /// The settings in force.
    public let options: Options
    private let stopWords: [[Unicode.Scalar]]

    /// Makes the filter.
    public init(options: Options = Options()) {
        self.options = options
        self.stopWords = Array(Set(options.stopWords)).map { Array($0.unicodeScalars) }
    }

    /// Judges the document from its words, each distinct word looked at once.
    public func judge(_ analysis: inout TextAnalysis) -> Verdict {
        let words = analysis.words()
        let vocabulary = analysis.vocabulary()
        return words.scalars.withUnsafeBufferPointer { judge(words, vocabulary, $0) }
    }

    private func judge(_ words: EnglishWordSplitter.Words, _ vocabulary: WordVocabulary, _ s: UnsafeBufferPointer<Unicode.Scalar>) -> Verdict {
        let wordCount = words.ranges.count
        var nonSymbolWords = 0
        var nonSymbolLength = 0
        var alphabeticWords = 0
        var stopWordsSeen = Set<Int>()
        for (id, range) in vocabulary.firstRanges.enumerated() {
            let occurrences = Int(vocabulary.counts[id])
            if range.contains(where: { !Self.punctuation.contains(s[$0]) }) {
                nonSymbolWords += occurrences
                nonSymbolLength += range.count * occurrences
            }
            if range.contains(where: { Self.isAlpha(s[$0]) }) { alphabeticWords += occurrences }
            if stopWordsSeen.count < stopWords.count {
                for (index, stopWord) in stopWords.enumerated()
                where stopWord.count == range.count && ScalarText.hasPrefix(stopWord, s, at: range.lowerBound) {
                    stopWordsSeen.insert(index)
                }
            }
        }
        let o = options
        if o.minDocWords > 0, nonSymbolWords < o.minDocWords { return .drop(reason: "gopher_short_doc") }
        if o.maxDocWords > 0, nonSymbolWords > o.maxDocWords { return .drop(reason: "gopher_long_doc") }
        if nonSymbolWords > 0 {
            let meanLength = Double(nonSymbolLength) / Double(nonSymbolWords)
            if o.minAvgWordLength > 0, meanLength < o.minAvgWordLength { return .drop(reason: "gopher_below_avg_threshold") }
            if o.maxAvgWordLength > 0, meanLength > o.maxAvgWordLength { return .drop(reason: "gopher_above_avg_threshold") }
        }
        if wordCount > 0, o.maxSymbolWordRatio > 0 {
            let (hashes, ellipses) = ScalarText.hashesAndEllipses(in: s)
            if Self.ratio(hashes, wordCount) > o.maxSymbolWordRatio { return .drop(reason: "gopher_too_many_hashes") }
            if Self.ratio(ellipses, wordCount) > o.maxSymbolWordRatio { return .drop(reason: "gopher_too_many_ellipsis") }
        }
        let lines = ScalarText.splitLines(s)
        if !lines.isEmpty, o.maxBulletLinesRatio > 0 {
            let bullets = lines.count { line in
                let stripped = ScalarText.strip(s, line)
                return !stripped.isEmpty && (s[stripped.lowerBound] == "•" || s[stripped.lowerBound] == "-")
            }
            if Self.ratio(bullets, lines.count) > o.maxBulletLinesRatio { return .drop(reason: "gopher_too_many_bullets") }
        }
        if !lines.isEmpty, o.maxEllipsisLinesRatio > 0 {
            let ellipsisLines = lines.count { line in
                let stripped = ScalarText.strip(s, line)
                return ScalarText.hasSuffix([".", ".", "."], s, stripped) || ScalarText.hasSuffix(["…"], s, stripped)
            }
            if Self.ratio(ellipsisLines, lines.count) > o.maxEllipsisLinesRatio {
                return .drop(reason: "gopher_too_many_end_ellipsis")
            }
        }
        if wordCount > 0, o.maxNonAlphaWordsRatio > 0, Self.ratio(alphabeticWords, wordCount) < o.maxNonAlphaWordsRatio {
            return .drop(reason: "gopher_below_alpha_threshold")
        }
        if o.minStopWords > 0, stopWordsSeen.count < o.minStopWords { return .drop(reason: "gopher_enough_stop_words") }
        return .keep
    }

    private static let punctuation = CodePointSet(flatRanges: DatatrovePunctuation.punctuation)

    private static func ratio(_ part: Int, _ whole: Int) -> Double { Double(part) / Double(whole) }

    /// Python's `str.isalpha()` for one code point: general category Lu, Ll, Lt, Lm or Lo.
    static func isAlpha(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return (v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }
}
