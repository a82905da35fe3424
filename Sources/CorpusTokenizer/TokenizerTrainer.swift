import CSentencePieceShim
import Foundation

/// Trains SentencePiece models through the library, from a seeded sample of lines, with the
/// special tokens at the ids `SpecialTokenLayout` documents.
///
/// Use: `let trainer = try TokenizerTrainer(config: config)` (validates, reads nothing), offer
/// documents to `trainer.makeSampler()`, then `try trainer.train(sampler.finish())`.
public struct TokenizerTrainer: Sendable {
    /// The validated settings.
    public let config: TokenizerTrainingConfig
    /// Whether SentencePiece logs its INFO lines (training progress) to standard error.
    public var verbose: Bool

    /// SentencePiece keeps its log level process-wide: one training at a time.
    private static let lock = NSLock()

    /// A trainer for `config`, refused (before any input is read) when a setting is out of range.
    public init(config: TokenizerTrainingConfig, verbose: Bool = false) throws(TokenizerError) {
        try config.validate()
        self.config = config
        self.verbose = verbose
    }

    /// A sampler with this config's sample size, seed and line limit.
    public func makeSampler() -> SentenceSampler { SentenceSampler(config: config) }

    /// Samples lines from `documents` and trains on them (for texts already in memory).
    public func train(documents: some Sequence<String>) throws(TokenizerError) -> TrainedTokenizerModel {
        var sampler = makeSampler()
        for document in documents { sampler.add(document: document) }
        return try train(sampler.finish())
    }

    /// Trains on `sample`, then appends the sentinels at the end of the vocabulary. Blocks for
    /// the whole training (seconds to hours: the sample size and vocabulary decide).
    public func train(_ sample: SentenceSample) throws(TokenizerError) -> TrainedTokenizerModel {
        guard sample.count > 0 else {
            let stats = sample.statistics
            throw .emptySample(documents: stats.documents, lines: stats.lines, tooLong: stats.tooLong)
        }
        let flags = (config.trainerFlags + ["--minloglevel=\(verbose ? 0 : 1)"]).joined(separator: " ")
        var model: UnsafeMutablePointer<CChar>?
        var length = 0
        var message: UnsafeMutablePointer<CChar>?
        let status = Self.lock.withLock {
            corpus_spm_set_min_log_level(verbose ? 0 : 1)
            return sample.text.withUnsafeBufferPointer { text in
                text.withMemoryRebound(to: CChar.self) { chars in
                    corpus_spm_train_sentences(flags, chars.baseAddress, sample.lengths, sample.count, &model, &length, &message)
                }
            }
        }
        guard status == CORPUS_SPM_OK, let model else { throw .trainingFailed(message: takeMessage(message, status: status)) }
        defer { corpus_spm_free_string(model) }
        let trained = [UInt8](UnsafeRawBufferPointer(start: model, count: length))
        let bytes = ModelProto.appendingControlPieces(config.layout.appendedPieces, to: trained)
        return try TrainedTokenizerModel(modelBytes: bytes, sample: sample.statistics, sampledLines: sample.count)
    }
}

/// A freshly trained model: its `.model` bytes, loaded, with what it was trained on.
public struct TrainedTokenizerModel: Sendable {
    /// The bytes of the `.model` file (a standard SentencePiece `ModelProto`).
    public let modelBytes: [UInt8]
    /// The model, loaded.
    public let tokenizer: SentencePieceTokenizer
    /// What sampling saw.
    public let sample: SentenceSample.Statistics
    /// Lines SentencePiece trained on.
    public let sampledLines: Int

    init(modelBytes: [UInt8], sample: SentenceSample.Statistics, sampledLines: Int) throws(TokenizerError) {
        self.modelBytes = modelBytes
        tokenizer = try SentencePieceTokenizer(modelBytes: modelBytes, name: "the trained model")
        self.sample = sample
        self.sampledLines = sampledLines
    }

    /// The `.vocab` file `spm_train` writes beside the model: `piece<TAB>score` per id.
    public var vocabText: String {
        VocabFile.text(scores: { tokenizer.score(of: UInt32($0)) }, vocabSize: tokenizer.vocabSize) { tokenizer.piece(of: UInt32($0)) ?? "" }
    }

    /// The `.vocab` path beside a `.model` path (`tok.model` → `tok.vocab`).
    public static func vocabPath(forModel path: String) -> String {
        (path.hasSuffix(".model") ? String(path.dropLast(".model".count)) : path) + ".vocab"
    }

    /// Writes the model to `path` and its vocabulary beside it, each atomically: a reader
    /// never sees a partial file.
    public func write(modelPath path: String) throws(TokenizerError) {
        try VocabFile.writeAtomically(modelBytes, to: path)
        try VocabFile.writeAtomically(Array(vocabText.utf8), to: Self.vocabPath(forModel: path))
    }
}
