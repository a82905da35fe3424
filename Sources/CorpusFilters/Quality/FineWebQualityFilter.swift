import CorpusCore

/// FineWeb's quality rules (Penedo et al. 2024) as datatrove 0.10.1's `FineWebQualityFilter`
/// applies them, with its defaults and drop reasons. Checks run in this order; the first that
/// fails names the reason. Lengths are in code points.
///
/// Lines are `text.split("\n")` (LF only, so a CR stays at the end of its line) without those
/// that are empty or all whitespace after `strip()`; the kept lines themselves are not stripped.
///
/// 0. `empty`: no such line.
/// 1. `line_punct_ratio`: lines ending with one of `stop_chars` (default: datatrove's
///    `TERMINAL_PUNCTUATION`, 162 sentence-ending marks such as `.`, `?`, `!`, `。`, `।`) ÷ lines
///    < `line_punct_thr` (0.12); with `line_punct_exclude_zero` (false), a ratio of exactly 0 passes.
/// 2. `short_line_ratio`: lines of at most `short_line_length` (30) code points ÷ lines
///    > `short_line_thr` (0.67).
/// 3. `char_dup_ratio`: code points of lines equal to an earlier line (first occurrence not
///    counted) ÷ code points of the text without its LF characters > `char_duplicates_ratio` (0.01).
/// 4. `list_ratio`: LF characters in the text ÷ `EnglishWordSplitter` words (spaCy tokens,
///    punctuation included) > `new_line_ratio` (0.3).
public struct FineWebQualityFilter: AnalyzingDocumentFilter {
    public let name = "fineweb_quality"
    /// The settings in force.
    public let options: Options
    private let stopCharacters: [[Unicode.Scalar]]?
    private static let terminalPunctuation = CodePointSet(flatRanges: DatatrovePunctuation.terminal)

    /// Makes the filter.
    public init(options: Options = Options()) {
        self.options = options
        self.stopCharacters = options.stopChars.map { $0.map { Array($0.unicodeScalars) } }
    }

    /// Judges the document from its lines and, past the line rules, its word count.
    public func judge(_ analysis: inout TextAnalysis) -> Verdict {
        let scalars = analysis.scalars()
        let verdict: Verdict? = scalars.withUnsafeBufferPointer { s in
            let lines = ScalarText.split(s, 0..<s.count, atNewlineRunsOf: 1)
                .filter { !ScalarText.strip(s, $0).isEmpty }
            guard !lines.isEmpty else { return .drop(reason: "empty") }
            let o = options
            let punctuated = Double(lines.count { endsWithStopCharacter(s, $0) }) / Double(lines.count)
            if punctuated < o.linePunctThr, !(punctuated == 0 && o.linePunctExcludeZero) {
                return .drop(reason: "line_punct_ratio")
            }
            let short = Double(lines.count { $0.count <= o.shortLineLength }) / Double(lines.count)
            if short > o.shortLineThr { return .drop(reason: "short_line_ratio") }
            let newlines = s.count { $0 == "\n" }
            let duplicated = ScalarText.duplicates(s, lines).characters
            if Double(duplicated) / Double(s.count - newlines) > o.charDuplicatesRatio { return .drop(reason: "char_dup_ratio") }
            return nil
        }
        if let verdict { return verdict }
        let newlines = scalars.count { $0 == "\n" }
        let words = analysis.words().ranges.count
        if Double(newlines) / Double(words) > options.newLineRatio { return .drop(reason: "list_ratio") }
        return .keep
    }

    /// `line.endswith(stop_chars)`.
    private func endsWithStopCharacter(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ line: Range<Int>) -> Bool {
        guard let stopCharacters else { return !line.isEmpty && Self.terminalPunctuation.contains(s[line.upperBound - 1]) }
        return stopCharacters.contains { ScalarText.hasSuffix($0, s, line) }
    }
}
