extension GopherQualityFilter {
    /// The settings of the Gopher quality rules; defaults are datatrove 0.10.1's (from the
    /// Gopher paper). Setting a limit to 0 turns its check off.
    public struct Options: FilterOptions {
        /// Fewer non-symbol words than this drops the document (`gopher_short_doc`).
        public var minDocWords: Int
        /// More non-symbol words than this drops the document (`gopher_long_doc`).
        public var maxDocWords: Int
        /// A mean non-symbol word length (code points) below this drops it.
        public var minAvgWordLength: Double
        /// A mean non-symbol word length (code points) above this drops it.
        public var maxAvgWordLength: Double
        /// Highest ratio of `#`, and separately of ellipses, to words.
        public var maxSymbolWordRatio: Double
        /// Highest fraction of lines starting with `•` or `-`.
        public var maxBulletLinesRatio: Double
        /// Highest fraction of lines ending with `...` or `…`.
        public var maxEllipsisLinesRatio: Double
        /// Lowest fraction of words with a letter (datatrove's name, though it is a minimum).
        public var maxNonAlphaWordsRatio: Double
        /// Fewest distinct stop words a document must contain.
        public var minStopWords: Int
        /// The stop words, matched case-sensitively against whole words.
        public var stopWords: [String]

        /// Gopher's stop words as datatrove lists them.
        public static let defaultStopWords = ["the", "be", "to", "of", "and", "that", "have", "with"]

        /// Makes settings; every argument defaults to datatrove's value.
        public init(
            minDocWords: Int = 50, maxDocWords: Int = 100_000,
            minAvgWordLength: Double = 3, maxAvgWordLength: Double = 10,
            maxSymbolWordRatio: Double = 0.1, maxBulletLinesRatio: Double = 0.9,
            maxEllipsisLinesRatio: Double = 0.3, maxNonAlphaWordsRatio: Double = 0.8,
            minStopWords: Int = 2, stopWords: [String] = Options.defaultStopWords
        ) {
            self.minDocWords = minDocWords
            self.maxDocWords = maxDocWords
            self.minAvgWordLength = minAvgWordLength
            self.maxAvgWordLength = maxAvgWordLength
            self.maxSymbolWordRatio = maxSymbolWordRatio
            self.maxBulletLinesRatio = maxBulletLinesRatio
            self.maxEllipsisLinesRatio = maxEllipsisLinesRatio
            self.maxNonAlphaWordsRatio = maxNonAlphaWordsRatio
            self.minStopWords = minStopWords
            self.stopWords = stopWords
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case minDocWords = "min_doc_words"
            case maxDocWords = "max_doc_words"
            case minAvgWordLength = "min_avg_word_length"
            case maxAvgWordLength = "max_avg_word_length"
            case maxSymbolWordRatio = "max_symbol_word_ratio"
            case maxBulletLinesRatio = "max_bullet_lines_ratio"
            case maxEllipsisLinesRatio = "max_ellipsis_lines_ratio"
            case maxNonAlphaWordsRatio = "max_non_alpha_words_ratio"
            case minStopWords = "min_stop_words"
            case stopWords = "stop_words"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = Options()
            minDocWords = try c.decodeIfPresent(Int.self, forKey: .minDocWords) ?? d.minDocWords
            maxDocWords = try c.decodeIfPresent(Int.self, forKey: .maxDocWords) ?? d.maxDocWords
            minAvgWordLength = try c.decodeIfPresent(Double.self, forKey: .minAvgWordLength) ?? d.minAvgWordLength
            maxAvgWordLength = try c.decodeIfPresent(Double.self, forKey: .maxAvgWordLength) ?? d.maxAvgWordLength
            maxSymbolWordRatio = try c.decodeIfPresent(Double.self, forKey: .maxSymbolWordRatio) ?? d.maxSymbolWordRatio
            maxBulletLinesRatio = try c.decodeIfPresent(Double.self, forKey: .maxBulletLinesRatio) ?? d.maxBulletLinesRatio
            maxEllipsisLinesRatio = try c.decodeIfPresent(Double.self, forKey: .maxEllipsisLinesRatio) ?? d.maxEllipsisLinesRatio
            maxNonAlphaWordsRatio = try c.decodeIfPresent(Double.self, forKey: .maxNonAlphaWordsRatio) ?? d.maxNonAlphaWordsRatio
            minStopWords = try c.decodeIfPresent(Int.self, forKey: .minStopWords) ?? d.minStopWords
            stopWords = try c.decodeIfPresent([String].self, forKey: .stopWords) ?? d.stopWords
        }

        public static let acceptedKeys = CodingKeys.allCases.map(\.rawValue)

        public func validate() throws(FilterConfigurationError) {
            let filter = "gopher_quality"
            try Self.require(minDocWords, in: 0...Int.max, filter: filter, key: "min_doc_words")
            try Self.require(maxDocWords, in: 0...Int.max, filter: filter, key: "max_doc_words")
            try Self.require(minAvgWordLength, in: 0...Double.greatestFiniteMagnitude, filter: filter, key: "min_avg_word_length")
            try Self.require(maxAvgWordLength, in: 0...Double.greatestFiniteMagnitude, filter: filter, key: "max_avg_word_length")
            try Self.require(maxSymbolWordRatio, in: 0...Double.greatestFiniteMagnitude, filter: filter, key: "max_symbol_word_ratio")
            for (value, key) in [(maxBulletLinesRatio, "max_bullet_lines_ratio"),
                                 (maxEllipsisLinesRatio, "max_ellipsis_lines_ratio"), (maxNonAlphaWordsRatio, "max_non_alpha_words_ratio")] {
                try Self.require(value, in: 0...1, filter: filter, key: key)
            }
            try Self.require(minStopWords, in: 0...Int.max, filter: filter, key: "min_stop_words")
            if let empty = stopWords.first(where: { $0.isEmpty || $0.unicodeScalars.contains(where: PythonText.isSpace) }) {
                throw .invalidValue(filter: filter, key: "stop_words", value: "\"\(empty)\"",
                                    expected: "words without whitespace (a word never contains any)")
            }
        }
    }
}
