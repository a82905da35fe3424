import CorpusCore

/// Gopher's repetition rules (Rae et al. 2021, table A1) as datatrove 0.10.1's
/// `GopherRepetitionFilter` applies them, with its defaults and drop reasons. Checks run in this
/// order; the first that fails names the reason. Every length is in code points, and every
/// character fraction is over `len(text)`, the whole unstripped text.
///
/// A piece (paragraph, line) *duplicates* an earlier piece when their texts are equal; the first
/// occurrence is not counted, each later one is (datatrove's `find_duplicates`).
///
/// 0. `empty`: the text is empty.
/// 1. `dup_para_frac`: paragraphs are `re.split(r"\n{2,}", text.strip())`; duplicated paragraphs
///    ÷ paragraphs > `dup_para_frac` (0.3).
/// 2. `dup_para_char_frac`: code points of the duplicated paragraphs ÷ `len(text)`
///    > `dup_para_char_frac` (0.2).
/// 3. `dup_line_frac`: lines are `re.split(r"\n+", text)`, not stripped, so a text starting or
///    ending with LF has an empty first or last line; duplicated lines ÷ lines > `dup_line_frac` (0.3).
/// 4. `dup_line_char_frac`: code points of the duplicated lines ÷ `len(text)` > `dup_line_char_frac` (0.2).
/// 5. `top_{n}_gram` for (n, limit) in `top_n_grams` ((2, 0.20), (3, 0.18), (4, 0.16)): n-grams
///    are consecutive `EnglishWordSplitter` words joined by one space; the most frequent one
///    (ties: the first seen) gives length × occurrences ÷ `len(text)` > limit. Skipped when there
///    are fewer than n words.
/// 6. `duplicated_{n}_n_grams` for (n, limit) in `dup_n_grams` ((5, 0.15), (6, 0.14), (7, 0.13),
///    (8, 0.12), (9, 0.11), (10, 0.10)): n-grams are consecutive words joined with nothing (so
///    `ab c` and `a bc` are the same n-gram); walking from the first word, an n-gram seen before
///    adds its length and the walk jumps n words, else it is remembered and the walk moves one
///    word; the sum ÷ `len(text)` > limit.
///
/// The four paragraph and line limits are off when set to 0, as in datatrove.
public struct GopherRepetitionFilter: AnalyzingDocumentFilter {
    public let name = "gopher_repetition"
    /// The settings in force.
    public let options: Options

    /// Makes the filter.
    public init(options: Options = Options()) {
        self.options = options
    }

    /// Judges the document from its code points and, past the paragraph and line rules, its words.
    public func judge(_ analysis: inout TextAnalysis) -> Verdict {
        guard !analysis.text.isEmpty else { return .drop(reason: "empty") }
        let scalars = analysis.scalars()
        let textLength = Double(scalars.count)
        let o = options
        let structural: Verdict = scalars.withUnsafeBufferPointer { s in
            let paragraphs = ScalarText.split(s, ScalarText.strip(s, 0..<s.count), atNewlineRunsOf: 2)
            let paragraphDuplicates = ScalarText.duplicates(s, paragraphs)
            if o.dupParaFrac > 0, Double(paragraphDuplicates.elements) / Double(paragraphs.count) > o.dupParaFrac {
                return .drop(reason: "dup_para_frac")
            }
            if o.dupParaCharFrac > 0, Double(paragraphDuplicates.characters) / textLength > o.dupParaCharFrac {
                return .drop(reason: "dup_para_char_frac")
            }
            let lines = ScalarText.split(s, 0..<s.count, atNewlineRunsOf: 1)
            let lineDuplicates = ScalarText.duplicates(s, lines)
            if o.dupLineFrac > 0, Double(lineDuplicates.elements) / Double(lines.count) > o.dupLineFrac {
                return .drop(reason: "dup_line_frac")
            }
            if o.dupLineCharFrac > 0, Double(lineDuplicates.characters) / textLength > o.dupLineCharFrac {
                return .drop(reason: "dup_line_char_frac")
            }
            return .keep
        }
        guard structural == .keep, !(o.topNGrams.isEmpty && o.dupNGrams.isEmpty) else { return structural }
        var nGrams = NGramRepetition(analysis.words(), analysis.vocabulary())
        var table = FingerprintTable()
        for limit in o.topNGrams {
            // The bound is cheap and usually decides: when even it passes, the count would too.
            guard Double(nGrams.topNGramCharactersBound(n: limit.n)) / textLength > limit.maxFraction else { continue }
            guard let characters = nGrams.topNGramCharacters(n: limit.n, table: &table) else { continue }
            if Double(characters) / textLength > limit.maxFraction { return .drop(reason: "top_\(limit.n)_gram") }
        }
        if !o.dupNGrams.isEmpty { nGrams = nGrams.preparingJoinedText() }
        for limit in o.dupNGrams {
            let characters = nGrams.duplicatedNGramCharacters(n: limit.n, table: &table)
            if Double(characters) / textLength > limit.maxFraction { return .drop(reason: "duplicated_\(limit.n)_n_grams") }
        }
        return .keep
    }
}
