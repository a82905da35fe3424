import CorpusCore

/// What the quality filters need to know about one text, worked out at most once per document
/// however many of them run: its code points and its `EnglishWordSplitter` words.
///
/// The filter chain makes one analysis per document and hands it to each `AnalyzingDocumentFilter`
/// in turn, so Gopher repetition, Gopher quality and FineWeb quality split the words once between
/// them (datatrove shares its word split the same way, through a cache of recent texts). Each part
/// is computed on first use, so a document dropped before any rule needs words is never split.
public struct TextAnalysis {
    /// The text analysed.
    public let text: String
    private var cachedScalars: [Unicode.Scalar]?
    private var cachedWords: EnglishWordSplitter.Words?
    private var cachedVocabulary: WordVocabulary?
    private let splitter: EnglishWordSplitter

    /// An analysis of `text`, nothing computed yet.
    public init(_ text: String, splitter: EnglishWordSplitter = .shared) {
        self.text = text
        self.splitter = splitter
    }

    /// The text as code points (Python's `str` indexing), computed on first use.
    public mutating func scalars() -> [Unicode.Scalar] {
        if let cachedScalars { return cachedScalars }
        if let cachedWords { return cachedWords.scalars }
        let scalars = ScalarText.scalars(of: text)
        cachedScalars = scalars
        return scalars
    }

    /// The text's words (spaCy tokens as datatrove counts them), computed on first use.
    public mutating func words() -> EnglishWordSplitter.Words {
        if let cachedWords { return cachedWords }
        let words = splitter.words(inScalars: scalars())
        cachedWords = words
        cachedScalars = nil
        return words
    }

    /// The distinct words, numbered, computed on first use.
    public mutating func vocabulary() -> WordVocabulary {
        if let cachedVocabulary { return cachedVocabulary }
        let vocabulary = WordVocabulary(words())
        cachedVocabulary = vocabulary
        return vocabulary
    }

    /// Whether the words have been split already (for tests of the sharing).
    public var hasWords: Bool { cachedWords != nil }
}

/// A filter that judges a document from a shared `TextAnalysis` of its text and never rewrites the
/// document, so consecutive analyzing filters in a chain can reuse one analysis.
public protocol AnalyzingDocumentFilter: DocumentFilter {
    /// Judges the document whose text `analysis` describes, computing what it needs on first use.
    func judge(_ analysis: inout TextAnalysis) -> Verdict
}

extension AnalyzingDocumentFilter {
    /// Judges one document with an analysis of its own.
    public func apply(to document: inout Document) -> Verdict {
        var analysis = TextAnalysis(document.text)
        return judge(&analysis)
    }
}
