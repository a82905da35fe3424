import CorpusIngest

/// The SentencePiece algorithms a tokenizer can be trained with.
public enum TokenizerModelType: String, Sendable, Codable, CaseIterable {
    /// Unigram language model (T5, ALBERT, XLNet).
    case unigram
    /// Byte-pair encoding merges (LLaMA's SentencePiece models).
    case bpe
}

/// Everything that decides what tokenizer training produces. Versioned, `Codable` (unknown
/// keys are refused), and checked by `validate()` before any input is read.
public struct TokenizerTrainingConfig: Sendable, Equatable, Codable {
    /// The config format's version.
    public static let currentVersion = 1
    /// The SentencePiece normalization rules a model may use.
    public static let normalizations = ["nmt_nfkc", "nfkc", "nmt_nfkc_cf", "nfkc_cf", "identity"]

    /// Format version; must be `currentVersion`.
    public var version = TokenizerTrainingConfig.currentVersion
    /// Total number of ids, special pieces and sentinels included.
    public var vocabSize: Int
    /// Unigram or BPE.
    public var modelType: TokenizerModelType = .unigram
    /// Most lines sampled from the input (reservoir sampling); SentencePiece trains on all of them.
    public var inputSentenceSize = 10_000_000
    /// Seed of the sample and its shuffle: the same seed and input give a byte-identical model.
    public var seed: UInt64 = 1
    /// Encode characters outside the vocabulary as UTF-8 byte pieces `<0x00>`...`<0xFF>`
    /// instead of `<unk>` (256 ids right after the special pieces).
    public var byteFallback = false
    /// Share of characters in the sample the vocabulary must cover, in (0, 1].
    public var characterCoverage = 0.9995
    /// Longest piece, in characters.
    public var maxPieceLength = 16
    /// Lines longer than this many bytes are not sampled (SentencePiece would skip them).
    public var maxSentenceLength = 4192
    /// SentencePiece training threads.
    public var threads = ParallelMap.availableCores
    /// The special tokens beyond pad, eos and unk.
    public var special: SpecialTokenPreset = .none
    /// Whether `<s>` gets id 3.
    public var bos = false
    /// SentencePiece's normalization rule (one of `normalizations`).
    public var normalization = "nmt_nfkc"

    /// A config with defaults for everything but the vocabulary size.
    public init(vocabSize: Int) { self.vocabSize = vocabSize }

    /// Where the special pieces go.
    public var layout: SpecialTokenLayout { SpecialTokenLayout(preset: special, bos: bos) }

    /// Checks every field; call before reading input.
    public func validate() throws(TokenizerError) {
        func refuse(_ field: String, _ reason: String) -> TokenizerError { .invalidConfig(field: field, reason: reason) }
        guard version == Self.currentVersion else { throw refuse("version", "\(version) is not supported; this build reads version \(Self.currentVersion)") }
        let layout = self.layout
        let reserved = layout.frontCount + layout.sentinels + (byteFallback ? 256 : 0)
        guard vocabSize > reserved, vocabSize <= Int(Int32.max) else {
            throw refuse("vocab-size", "\(vocabSize) leaves no room for learned pieces: the special tokens "
                + "(\(layout.frontCount) at the front, \(layout.sentinels) sentinels)\(byteFallback ? " and 256 byte pieces" : "") "
                + "take \(reserved) ids; use more than \(reserved)")
        }
        guard inputSentenceSize >= 1 else { throw refuse("input-sentence-size", "must be at least 1 (got \(inputSentenceSize))") }
        guard characterCoverage > 0, characterCoverage <= 1 else {
            throw refuse("character-coverage", "must be in (0, 1], e.g. 0.9995 for Latin scripts, 1.0 for small alphabets (got \(characterCoverage))")
        }
        guard (1...512).contains(maxPieceLength) else { throw refuse("max-piece-length", "must be in 1...512 characters (got \(maxPieceLength))") }
        guard maxSentenceLength >= 1 else { throw refuse("max-sentence-length", "must be at least 1 byte (got \(maxSentenceLength))") }
        guard (1...1024).contains(threads) else { throw refuse("threads", "must be in 1...1024 (got \(threads))") }
        guard Self.normalizations.contains(normalization) else {
            throw refuse("normalization", "\"\(normalization)\" is not one of \(Self.normalizations.joined(separator: ", "))")
        }
    }

    /// The SentencePiece flags for this config (no input, no model prefix: the shim hands the
    /// sentences over and takes the model back in memory).
    var trainerFlags: [String] {
        let layout = self.layout
        return [
            "--model_type=\(modelType.rawValue)", "--vocab_size=\(vocabSize - layout.sentinels)",
            "--character_coverage=\(characterCoverage)", "--max_sentencepiece_length=\(maxPieceLength)",
            "--max_sentence_length=\(maxSentenceLength)", "--num_threads=\(threads)",
            "--byte_fallback=\(byteFallback)", "--normalization_rule_name=\(normalization)",
            "--input_sentence_size=0", "--shuffle_input_sentence=false", "--hard_vocab_limit=true",
        ] + layout.trainerFlags
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case version, vocabSize, modelType, inputSentenceSize, seed, byteFallback, characterCoverage
        case maxPieceLength, maxSentenceLength, threads, special, bos, normalization
    }

    /// Reads a config, refusing keys it does not know (a misspelt key would otherwise be ignored).
    public init(from decoder: any Decoder) throws {
        let known = Set(CodingKeys.allCases.map(\.stringValue))
        let any = try decoder.container(keyedBy: AnyKey.self)
        if let unknown = any.allKeys.first(where: { !known.contains($0.stringValue) }) {
            throw DecodingError.dataCorruptedError(forKey: unknown, in: any,
                debugDescription: "unknown key \"\(unknown.stringValue)\"; known keys: \(CodingKeys.allCases.map(\.stringValue).joined(separator: ", "))")
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(vocabSize: try c.decode(Int.self, forKey: .vocabSize))
        func read<T: Decodable>(_ key: CodingKeys, _ value: inout T) throws {
            if let decoded = try c.decodeIfPresent(T.self, forKey: key) { value = decoded }
        }
        try read(.version, &version)
        try read(.modelType, &modelType)
        try read(.inputSentenceSize, &inputSentenceSize)
        try read(.seed, &seed)
        try read(.byteFallback, &byteFallback)
        try read(.characterCoverage, &characterCoverage)
        try read(.maxPieceLength, &maxPieceLength)
        try read(.maxSentenceLength, &maxSentenceLength)
        try read(.threads, &threads)
        try read(.special, &special)
        try read(.bos, &bos)
        try read(.normalization, &normalization)
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
