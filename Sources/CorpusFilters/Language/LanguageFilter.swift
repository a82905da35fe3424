import CorpusCore

/// Tags each document with its language and a score (`metadata.language`,
/// `metadata.languageScore`, from CLD2 on a prefix of the text) and keeps the listed languages.
///
/// Reasons, checked in the reference's order (`detect_english` in `c4_utils.py`):
/// `low_confidence` when the score is under `min_score` (CLD2 unreliable or unsure), then
/// `ignored_language` when the language is not listed. With no languages listed the stage
/// only tags and drops nothing.
public struct LanguageFilter: DocumentFilter {
    /// The settings of language identification.
    public struct Options: FilterOptions {
        /// Language codes to keep ("en", "de"); empty keeps every language.
        public var languages: [String]
        /// The lowest score kept, in 0...1.
        public var minScore: Double
        /// How many leading bytes of each text the detector reads.
        public var prefixBytes: Int

        /// Tags every document, keeps all of them.
        public init(languages: [String] = [], minScore: Double = 0, prefixBytes: Int = 8192) {
            self.languages = languages
            self.minScore = minScore
            self.prefixBytes = prefixBytes
        }

        enum CodingKeys: String, CodingKey { case languages, minScore = "min_score", prefixBytes = "prefix_bytes" }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            languages = try c.decodeIfPresent([String].self, forKey: .languages) ?? []
            minScore = try c.decodeIfPresent(Double.self, forKey: .minScore) ?? 0
            prefixBytes = try c.decodeIfPresent(Int.self, forKey: .prefixBytes) ?? 8192
        }

        public static let acceptedKeys = ["languages", "min_score", "prefix_bytes"]

        public func validate() throws(FilterConfigurationError) {
            try Self.require(minScore, in: 0...1, filter: "language", key: "min_score")
            try Self.require(prefixBytes, in: 64...(64 << 20), filter: "language", key: "prefix_bytes")
        }
    }

    public let name = "language"
    /// The settings in force.
    public let options: Options
    private let identifier: LanguageIdentifier
    private let kept: Set<String>

    /// Makes the filter.
    public init(options: Options = Options()) {
        self.options = options
        identifier = LanguageIdentifier(prefixBytes: options.prefixBytes)
        kept = Set(options.languages)
    }

    public func apply(to document: inout Document) -> Verdict {
        let guess = identifier.identify(document.text)
        document.metadata.language = guess.language
        document.metadata.languageScore = guess.score
        if kept.isEmpty { return .keep }
        if guess.score < options.minScore { return .drop(reason: "low_confidence") }
        if !kept.contains(guess.language) { return .drop(reason: "ignored_language") }
        return .keep
    }
}
