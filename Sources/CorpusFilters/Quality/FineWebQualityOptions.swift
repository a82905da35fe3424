extension FineWebQualityFilter {
    /// The settings of the FineWeb quality rules; defaults are datatrove 0.10.1's.
    public struct Options: FilterOptions {
        /// Lowest fraction of lines ending with a stop character.
        public var linePunctThr: Double
        /// Whether a document with no line ending in a stop character passes the punctuation check.
        public var linePunctExcludeZero: Bool
        /// The strings a line may end with to count as punctuated; `nil` means datatrove's
        /// `TERMINAL_PUNCTUATION`.
        public var stopChars: [String]?
        /// Highest fraction of short lines.
        public var shortLineThr: Double
        /// The longest a short line is, in code points.
        public var shortLineLength: Int
        /// Highest share of the text's code points (LF excluded) in repeated lines.
        public var charDuplicatesRatio: Double
        /// Highest ratio of LF characters to words.
        public var newLineRatio: Double

        /// Makes settings; every argument defaults to datatrove's value.
        public init(
            linePunctThr: Double = 0.12, linePunctExcludeZero: Bool = false, stopChars: [String]? = nil,
            shortLineThr: Double = 0.67, shortLineLength: Int = 30,
            charDuplicatesRatio: Double = 0.01, newLineRatio: Double = 0.3
        ) {
            self.linePunctThr = linePunctThr
            self.linePunctExcludeZero = linePunctExcludeZero
            self.stopChars = stopChars
            self.shortLineThr = shortLineThr
            self.shortLineLength = shortLineLength
            self.charDuplicatesRatio = charDuplicatesRatio
            self.newLineRatio = newLineRatio
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case linePunctThr = "line_punct_thr"
            case linePunctExcludeZero = "line_punct_exclude_zero"
            case stopChars = "stop_chars"
            case shortLineThr = "short_line_thr"
            case shortLineLength = "short_line_length"
            case charDuplicatesRatio = "char_duplicates_ratio"
            case newLineRatio = "new_line_ratio"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = Options()
            linePunctThr = try c.decodeIfPresent(Double.self, forKey: .linePunctThr) ?? d.linePunctThr
            linePunctExcludeZero = try c.decodeIfPresent(Bool.self, forKey: .linePunctExcludeZero) ?? d.linePunctExcludeZero
            stopChars = try c.decodeIfPresent([String].self, forKey: .stopChars) ?? d.stopChars
            shortLineThr = try c.decodeIfPresent(Double.self, forKey: .shortLineThr) ?? d.shortLineThr
            shortLineLength = try c.decodeIfPresent(Int.self, forKey: .shortLineLength) ?? d.shortLineLength
            charDuplicatesRatio = try c.decodeIfPresent(Double.self, forKey: .charDuplicatesRatio) ?? d.charDuplicatesRatio
            newLineRatio = try c.decodeIfPresent(Double.self, forKey: .newLineRatio) ?? d.newLineRatio
        }

        public static let acceptedKeys = CodingKeys.allCases.map(\.rawValue)

        public func validate() throws(FilterConfigurationError) {
            let filter = "fineweb_quality"
            for (value, key) in [(linePunctThr, "line_punct_thr"), (shortLineThr, "short_line_thr"),
                                 (charDuplicatesRatio, "char_duplicates_ratio")] {
                try Self.require(value, in: 0...1, filter: filter, key: key)
            }
            try Self.require(newLineRatio, in: 0...Double.greatestFiniteMagnitude, filter: filter, key: "new_line_ratio")
            try Self.require(shortLineLength, in: 0...Int.max, filter: filter, key: "short_line_length")
            if let stopChars, stopChars.isEmpty || stopChars.contains(where: \.isEmpty) {
                throw .invalidValue(filter: filter, key: "stop_chars", value: "\(stopChars)",
                                    expected: "a non-empty list of non-empty strings")
            }
        }
    }
}
