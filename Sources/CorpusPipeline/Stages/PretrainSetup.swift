import CorpusShards
import CorpusTokenizer
import CorpusTraining
import Foundation

/// A pretraining run made ready from a config and a token-shard dataset: the tokenizer the
/// shards carry names the `[MASK]` id and the special ids that are never masked. Shared by
/// `corpus pretrain` and the pipeline's `pretrain` stage.
public struct PretrainSetup {
    /// The resolved settings.
    public let settings: PretrainingSettings
    /// Whether the data has held-out batches to evaluate on.
    public let evaluates: Bool
    private let start: (Int?, (PretrainingEvent) -> Void) throws -> Int

    /// Opens `data` and checks it against `config`; nothing is written yet.
    public init(config: PretrainConfig, data: String, output: String) throws {
        let dataset = try TokenDataset(directory: data)
        let tokenizerPath = (data as NSString).appendingPathComponent("tokenizer.model")
        let tokenizer: SentencePieceTokenizer
        do {
            tokenizer = try SentencePieceTokenizer(modelFile: tokenizerPath)
        } catch {
            throw PretrainingError.data("\(tokenizerPath): the dataset's tokenizer cannot be loaded (\(error)); re-shard with `corpus shard`")
        }
        guard let mask = tokenizer.id(of: "[MASK]") else {
            throw PretrainingError.data("\(tokenizerPath): the tokenizer has no [MASK] piece; train it with `corpus tokenizer train --special electra` and re-shard")
        }
        var special: Set<Int32> = []
        for id in 0..<UInt32(tokenizer.vocabSize) where [.control, .unknown, .unused].contains(tokenizer.kind(of: id)) {
            special.insert(Int32(id))
        }
        let settings = config.settings(vocabulary: dataset.manifest.vocabSize)
        self.settings = settings
        switch settings.objective {
        case .rtd:
            let objective = ReplacedTokenDetection(masking: settings.masking, maskID: Int32(mask), special: special,
                                                   discriminatorWeight: settings.discriminatorWeight, dropout: settings.dropout)
            let run = try PretrainingRun(settings: settings, objective: objective, dataset: dataset, directory: output) { model, folder in
                try HuggingFaceExport.discriminator(model, dropout: settings.dropout, to: folder)
            }
            evaluates = run.evaluates
            start = { try run.run(stopAfter: $0, observe: $1) }
        case .mlm:
            let objective = MaskedLanguageModeling(masking: settings.masking, maskID: Int32(mask), special: special, dropout: settings.dropout)
            let run = try PretrainingRun(settings: settings, objective: objective, dataset: dataset, directory: output) { model, folder in
                try HuggingFaceExport.maskedLanguageModel(model, dropout: settings.dropout, to: folder)
            }
            evaluates = run.evaluates
            start = { try run.run(stopAfter: $0, observe: $1) }
        }
    }

    /// Trains (resuming when the output folder holds a checkpoint) and returns the step reached.
    @discardableResult
    public func run(stopAfter: Int? = nil, observe: (PretrainingEvent) -> Void = { _ in }) throws -> Int {
        try withoutActuallyEscaping(observe) { try start(stopAfter, $0) }
    }
}
