extension GopherRepetitionFilter {
    /// A limit on the share of the text that n-grams of one size may take, written `[n, fraction]`
    /// in a preset, as datatrove's `(n, fraction)` tuples.
    public struct NGramLimit: Codable, Sendable, Equatable {
        /// The number of words in each n-gram.
        public var n: Int
        /// The share of the text's code points above which the document is dropped.
        public var maxFraction: Double

        /// A limit for `n`-grams.
        public init(_ n: Int, _ maxFraction: Double) {
            self.n = n
            self.maxFraction = maxFraction
        }

        public init(from decoder: any Decoder) throws {
            var c = try decoder.unkeyedContainer()
            n = try c.decode(Int.self)
            maxFraction = try c.decode(Double.self)
            guard c.isAtEnd else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "an n-gram limit is [n, fraction]")
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.unkeyedContainer()
            try c.encode(n)
            try c.encode(maxFraction)
        }
    }

    /// The settings of the Gopher repetition rules; defaults are datatrove 0.10.1's (the Gopher
    /// paper's table A1). The four paragraph and line limits are off when 0.
    public struct Options: FilterOptions {
        /// Highest fraction of lines that repeat an earlier line.
        public var dupLineFrac: Double
        /// Highest fraction of paragraphs that repeat an earlier paragraph.
        public var dupParaFrac: Double
        /// Highest share of the text's code points in repeated lines.
        public var dupLineCharFrac: Double
        /// Highest share of the text's code points in repeated paragraphs.
        public var dupParaCharFrac: Double
        /// Limits on the most frequent n-gram's share, checked in order.
        public var topNGrams: [NGramLimit]
        /// Limits on the share of repeated n-grams, checked in order after `topNGrams`.
        public var dupNGrams: [NGramLimit]

        /// Gopher's top n-gram limits: 2-grams 0.20, 3-grams 0.18, 4-grams 0.16.
        public static let defaultTopNGrams = [NGramLimit(2, 0.2), NGramLimit(3, 0.18), NGramLimit(4, 0.16)]
        /// Gopher's duplicated n-gram limits: 5-grams 0.15 down to 10-grams 0.10.
        public static let defaultDupNGrams = [
            NGramLimit(5, 0.15), NGramLimit(6, 0.14), NGramLimit(7, 0.13),
            NGramLimit(8, 0.12), NGramLimit(9, 0.11), NGramLimit(10, 0.10),
        ]

        /// Makes settings; every argument defaults to datatrove's value.
        public init(
            dupLineFrac: Double = 0.3, dupParaFrac: Double = 0.3,
            dupLineCharFrac: Double = 0.2, dupParaCharFrac: Double = 0.2,
            topNGrams: [NGramLimit] = Options.defaultTopNGrams, dupNGrams: [NGramLimit] = Options.defaultDupNGrams
        ) {
            self.dupLineFrac = dupLineFrac
            self.dupParaFrac = dupParaFrac
            self.dupLineCharFrac = dupLineCharFrac
            self.dupParaCharFrac = dupParaCharFrac
            self.topNGrams = topNGrams
            self.dupNGrams = dupNGrams
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case dupLineFrac = "dup_line_frac"
            case dupParaFrac = "dup_para_frac"
            case dupLineCharFrac = "dup_line_char_frac"
            case dupParaCharFrac = "dup_para_char_frac"
            case topNGrams = "top_n_grams"
            case dupNGrams = "dup_n_grams"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = Options()
            dupLineFrac = try c.decodeIfPresent(Double.self, forKey: .dupLineFrac) ?? d.dupLineFrac
            dupParaFrac = try c.decodeIfPresent(Double.self, forKey: .dupParaFrac) ?? d.dupParaFrac
            dupLineCharFrac = try c.decodeIfPresent(Double.self, forKey: .dupLineCharFrac) ?? d.dupLineCharFrac
            dupParaCharFrac = try c.decodeIfPresent(Double.self, forKey: .dupParaCharFrac) ?? d.dupParaCharFrac
            topNGrams = try c.decodeIfPresent([NGramLimit].self, forKey: .topNGrams) ?? d.topNGrams
            dupNGrams = try c.decodeIfPresent([NGramLimit].self, forKey: .dupNGrams) ?? d.dupNGrams
        }

        public static let acceptedKeys = CodingKeys.allCases.map(\.rawValue)

        public func validate() throws(FilterConfigurationError) {
            let filter = "gopher_repetition"
            for (value, key) in [(dupLineFrac, "dup_line_frac"), (dupParaFrac, "dup_para_frac"),
                                 (dupLineCharFrac, "dup_line_char_frac"), (dupParaCharFrac, "dup_para_char_frac")] {
                try Self.require(value, in: 0...1, filter: filter, key: key)
            }
            for (limits, key) in [(topNGrams, "top_n_grams"), (dupNGrams, "dup_n_grams")] {
                for limit in limits {
                    try Self.require(limit.n, in: 1...Int.max, filter: filter, key: "\(key) n")
                    try Self.require(limit.maxFraction, in: 0...1, filter: filter, key: "\(key) fraction")
                }
            }
        }
    }
}
