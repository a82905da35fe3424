import CorpusCore

/// C4's line cleaning and page rules (`clean_page` in tensorflow-datasets `c4_utils.py`,
/// dataset `c4/en` 3.1.0), reproduced decision for decision and byte for byte.
///
/// For each line of `text.splitlines()`, stripped of Python whitespace, in this order:
/// 1. a line with a whitespace-separated word longer than `max_word_length` (1000) code points
///    is removed;
/// 2. citation markers `\[\d*\]`, `[edit]`, `[citation needed]` are removed (`\d` is any
///    Unicode decimal digit); the line is not stripped again;
/// 3. a line not ending in `.`, `?`, `!` or `"`, or ending in `...`, is removed (an apostrophe
///    is not an end mark, whatever the C4 paper says);
/// 4. a line with fewer than `min_words_per_line` (5) words, counted after citation removal, is removed;
/// 5. a line containing `lorem ipsum` (any case) drops the whole page (`lorem_ipsum`);
/// 6. a line containing `javascript` (any case) is removed;
/// 7. a line containing `{` drops the whole page (`curly_bracket`);
/// 8. a line containing a policy phrase (`terms of use`, `privacy policy`, `cookie policy`,
///    `uses cookies`, `use of cookies`, `use cookies`; any case) is removed;
/// 9. otherwise the line is kept and its Punkt sentences are counted.
///
/// A page with fewer than `min_sentences` (3) sentences is dropped (`too_few_sentences`);
/// otherwise its text becomes the kept lines joined by `\n`, stripped.
public struct C4CleanPageFilter: DetailedDocumentFilter {
    /// The settings of C4's line and page rules.
    public struct Options: FilterOptions {
        /// Lines with fewer whitespace-separated words are removed.
        public var minWordsPerLine: Int
        /// Pages with fewer sentences (over kept lines) are dropped.
        public var minSentences: Int
        /// Lines with a longer word (in code points) are removed.
        public var maxWordLength: Int
        /// The folder of the Punkt model that counts sentences; the shipped English model
        /// (`Filters/punkt-english`) when absent.
        public var punktModel: String?
        /// Whether lines must end in an end mark (rule 3); FineWeb turns this off.
        public var requireEndMark: Bool

        /// The reference's values: 5 words, 3 sentences, 1000 code points, Punkt English, end marks required.
        public init(minWordsPerLine: Int = 5, minSentences: Int = 3, maxWordLength: Int = 1000, punktModel: String? = nil,
                    requireEndMark: Bool = true) {
            self.minWordsPerLine = minWordsPerLine
            self.minSentences = minSentences
            self.maxWordLength = maxWordLength
            self.punktModel = punktModel
            self.requireEndMark = requireEndMark
        }

        enum CodingKeys: String, CodingKey {
            case minWordsPerLine = "min_words_per_line", minSentences = "min_sentences", maxWordLength = "max_word_length"
            case punktModel = "punkt_model", requireEndMark = "require_end_mark"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let defaults = Options()
            minWordsPerLine = try c.decodeIfPresent(Int.self, forKey: .minWordsPerLine) ?? defaults.minWordsPerLine
            minSentences = try c.decodeIfPresent(Int.self, forKey: .minSentences) ?? defaults.minSentences
            maxWordLength = try c.decodeIfPresent(Int.self, forKey: .maxWordLength) ?? defaults.maxWordLength
            punktModel = try c.decodeIfPresent(String.self, forKey: .punktModel)
            requireEndMark = try c.decodeIfPresent(Bool.self, forKey: .requireEndMark) ?? true
        }

        public static let acceptedKeys = ["min_words_per_line", "min_sentences", "max_word_length", "punkt_model", "require_end_mark"]

        public func validate() throws(FilterConfigurationError) {
            try Self.require(minWordsPerLine, in: 0...10_000, filter: "c4_clean", key: "min_words_per_line")
            try Self.require(minSentences, in: 0...10_000, filter: "c4_clean", key: "min_sentences")
            try Self.require(maxWordLength, in: 1...Int.max, filter: "c4_clean", key: "max_word_length")
        }
    }

    /// Why a line was removed, for line statistics.
    public enum LineOutcome: String, Sendable, CaseIterable {
        case kept, tooLongWord = "too_long_word", noEndMark = "no_end_mark", tooShort = "too_short"
        case javascript, policy
    }

    public let name = "c4_clean"
    /// The settings in force.
    public let options: Options
    private let countSentences: @Sendable (Substring) -> Int

    /// Makes the filter; `sentenceCounter` counts a line's sentences (Punkt in the reference).
    public init(options: Options = Options(), sentenceCounter: @escaping @Sendable (Substring) -> Int) {
        self.options = options
        self.countSentences = sentenceCounter
    }

    public func apply(to document: inout Document, details: inout Tally) -> Verdict {
        var lineOutcomes = [Int](repeating: 0, count: LineOutcome.allCases.count)
        let result = clean(document.text, lineOutcomes: &lineOutcomes)
        for (outcome, count) in zip(LineOutcome.allCases, lineOutcomes) where count > 0 {
            details.add("lines/\(outcome.rawValue)", count)
        }
        switch result {
        case .success(let text):
            document.text = text
            return .keep
        case .failure(let drop):
            return .drop(reason: drop.rawValue)
        }
    }

    /// Why a whole page was dropped.
    public enum PageDrop: String, Error {
        case loremIpsum = "lorem_ipsum", curlyBracket = "curly_bracket", tooFewSentences = "too_few_sentences"
    }

    /// The cleaned text of `text`, or why the page is dropped; `lineOutcomes` (indexed like
    /// `LineOutcome.allCases`) counts what happened to each line examined.
    public func clean(_ text: String, lineOutcomes: inout [Int]) -> Result<String, PageDrop> {
        var kept: [Substring] = []
        var sentences = 0
        for rawLine in PythonText.splitLines(text) {
            let stripped = PythonText.strip(rawLine)
            if hasWordLongerThan(options.maxWordLength, stripped) {
                lineOutcomes[1] += 1
                continue
            }
            let line = C4Citations.removed(from: stripped)
            if options.requireEndMark, !endsWithEndMark(line) {
                lineOutcomes[2] += 1
                continue
            }
            if PythonText.wordCount(line) < options.minWordsPerLine {
                lineOutcomes[3] += 1
                continue
            }
            let folded = CaseFoldedASCII(line)
            if folded.contains("lorem ipsum") { return .failure(.loremIpsum) }
            if folded.contains("javascript") {
                lineOutcomes[4] += 1
                continue
            }
            if PythonText.withBytes(line, { $0.contains(UInt8(ascii: "{")) }) { return .failure(.curlyBracket) }
            if C4CleanPageFilter.policyPhrases.contains(where: { folded.contains($0) }) {
                lineOutcomes[5] += 1
                continue
            }
            sentences += countSentences(line)
            kept.append(line)
            lineOutcomes[0] += 1
        }
        if sentences < options.minSentences { return .failure(.tooFewSentences) }
        return .success(String(PythonText.strip(Substring(kept.joined(separator: "\n")))))
    }

    static let policyPhrases = ["terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies"]

    private func hasWordLongerThan(_ limit: Int, _ line: Substring) -> Bool {
        if line.utf8.count <= limit { return false }
        var found = false
        PythonText.forEachWord(line) { word in
            if !found, word.utf8.count > limit, PythonText.length(word) > limit { found = true }
        }
        return found
    }

    private func endsWithEndMark(_ line: Substring) -> Bool {
        guard let last = line.utf8.last else { return false }
        switch last {
        case UInt8(ascii: "."):
            return !line.utf8.reversed().starts(with: Array("...".utf8))
        case UInt8(ascii: "?"), UInt8(ascii: "!"), UInt8(ascii: "\""):
            return true
        default:
            return false
        }
    }
}
