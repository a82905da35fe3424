import CorpusCore

/// Drops pages longer than C4's limit: `len(text) > 190_000` in the reference, counting code
/// points (`is_valid_length` in `c4_utils.py`). Reason: `too_long`.
public struct C4LengthFilter: DocumentFilter {
    /// The settings of the length limit.
    public struct Options: FilterOptions {
        /// Pages with more code points than this are dropped.
        public var maxCharacters: Int

        /// The reference's limit, 190,000 code points.
        public init(maxCharacters: Int = 190_000) { self.maxCharacters = maxCharacters }

        enum CodingKeys: String, CodingKey { case maxCharacters = "max_characters" }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            maxCharacters = try c.decodeIfPresent(Int.self, forKey: .maxCharacters) ?? 190_000
        }

        public static let acceptedKeys = ["max_characters"]

        public func validate() throws(FilterConfigurationError) {
            try Self.require(maxCharacters, in: 1...Int.max, filter: "c4_length", key: "max_characters")
        }
    }

    public let name = "c4_length"
    /// The settings in force.
    public let options: Options

    /// Makes the filter.
    public init(options: Options = Options()) { self.options = options }

    public func apply(to document: inout Document) -> Verdict {
        // A UTF-8 byte count at or under the limit means the code point count is too.
        if document.text.utf8.count <= options.maxCharacters { return .keep }
        return PythonText.length(document.text) > options.maxCharacters ? .drop(reason: "too_long") : .keep
    }
}
