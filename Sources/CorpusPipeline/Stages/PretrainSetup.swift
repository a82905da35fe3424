import CorpusModels
import CorpusShards
import CorpusTokenizer
import CorpusTraining
import Foundation

/// A pretraining run made ready from a config and a token-shard dataset: the tokenizer the
/// shards carry names the ids the objective needs (`[MASK]` for ELECTRA and MLM, the sentinels
/// for T5, the mode tokens for UL2) and the special ids that are never masked. Shared by
/// `corpus pretrain` and the pipeline's `pretrain` stage.
public struct PretrainSetup {
    /// The resolved settings.
    public let settings: PretrainingSettings
    /// Whether the data has held-out batches to evaluate on.
    public let evaluates: Bool
    /// Tokens per step the progress counts: batch × sequence length (the encoder's inputs for
    /// the encoder-decoder objectives).
    public var tokensPerStep: Int { settings.batchSize * settings.sequenceLength }
    /// Matrix-product FLOPs per counted token of a training step (`StepFLOPs`), for the
    /// encoder-decoder objectives (their decoder length is the objective's); nil for the others.
    public private(set) var flopsPerToken: Double?
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
        let settings = config.settings(vocabulary: dataset.manifest.vocabSize)
        self.settings = settings
        let problems = settings.problems()
        guard problems.isEmpty else { throw PretrainingError.invalidSettings(problems) }
        let ids = TokenizerIDs(tokenizer: tokenizer, path: tokenizerPath)
        func prepare<O: PretrainingObjective>(_ objective: O, export: @escaping (O.Model, String) throws -> Void) throws -> (Bool, (Int?, (PretrainingEvent) -> Void) throws -> Int) {
            let run = try PretrainingRun(settings: settings, objective: objective, dataset: dataset, directory: output, export: export)
            return (run.evaluates, { try run.run(stopAfter: $0, observe: $1) })
        }
        switch settings.objective {
        case .rtd:
            let objective = ReplacedTokenDetection(masking: settings.masking, maskID: try ids.mask(), special: ids.special,
                                                   discriminatorWeight: settings.discriminatorWeight, dropout: settings.dropout)
            (evaluates, start) = try prepare(objective) { try HuggingFaceExport.discriminator($0, dropout: settings.dropout, to: $1) }
        case .mlm:
            let objective = MaskedLanguageModeling(masking: settings.masking, maskID: try ids.mask(), special: ids.special, dropout: settings.dropout)
            (evaluates, start) = try prepare(objective) { try HuggingFaceExport.maskedLanguageModel($0, dropout: settings.dropout, to: $1) }
        case .causalLM:
            (evaluates, start) = try prepare(CausalLanguageModeling(dropout: settings.dropout)) { model, folder in
                try WeightsExport.decoderLanguageModel(model, to: folder)
            }
        case .span, .bertStyle, .iidSentinel, .drop, .deshuffle, .prefixLM, .ul2:
            let vocabulary = try ids.denoisingVocabulary()
            let examples: EncoderDecoderDenoising.Examples
            do {
                examples = settings.objective == .ul2
                    ? .mixture(try MixturePlan(mixture: try DenoiserMixture.Preset(rawValue: settings.denoising.mixture)!.mixture(modeTokens: ids.modeTokens()),
                                               inputLength: settings.sequenceLength, vocabulary: vocabulary))
                    : .t5(T5Denoising(settings.t5Objective, noiseDensity: settings.denoising.noiseDensity,
                                      meanNoiseSpanLength: settings.denoising.meanNoiseSpanLength,
                                      randomTokenShare: settings.denoising.randomTokenShare))
            } catch let error as DenoisingError {
                throw PretrainingError.invalidSettings([error.description])
            }
            let objective: EncoderDecoderDenoising
            do {
                objective = try EncoderDecoderDenoising(examples: examples, vocabulary: vocabulary, inputLength: settings.sequenceLength,
                                                        dropout: settings.dropout)
            } catch {
                throw PretrainingError.invalidSettings([error.description])
            }
            if let shape = settings.model.t5 {
                flopsPerToken = StepFLOPs(t5: shape, batch: settings.batchSize, inputLength: objective.inputLength,
                                          targetLength: objective.targetLength).total / Double(settings.batchSize * settings.sequenceLength)
            }
            (evaluates, start) = try prepare(objective) { model, folder in
                // A sparse T5 has no HF class corpus can match (HF's Switch fixes the expert capacity in tokens).
                if model.shape.sparse != nil {
                    try WeightsExport.switchTransformer(model, to: folder)
                } else {
                    try T5HuggingFaceExport.conditionalGeneration(model, dropout: settings.dropout, to: folder)
                }
            }
        }
    }

    /// Trains (resuming when the output folder holds a checkpoint) and returns the step reached.
    @discardableResult
    public func run(stopAfter: Int? = nil, observe: (PretrainingEvent) -> Void = { _ in }) throws -> Int {
        try withoutActuallyEscaping(observe) { try start(stopAfter, $0) }
    }
}

extension PretrainingSettings {
    /// The T5 paper objective the run's objective names.
    var t5Objective: T5Objective {
        switch objective {
        case .bertStyle: .bert
        case .iidSentinel: .iidSentinel
        case .drop: .drop
        case .deshuffle: .deshuffle
        case .prefixLM: .prefixLM
        default: .span
        }
    }
}

/// The ids an objective needs from the dataset's tokenizer, with errors that say how to get a
/// tokenizer that has them.
struct TokenizerIDs {
    let tokenizer: SentencePieceTokenizer
    let path: String

    /// Control, unknown and unused pieces: never masked.
    var special: Set<Int32> {
        var special: Set<Int32> = []
        for id in 0..<UInt32(tokenizer.vocabSize) where [.control, .unknown, .unused].contains(tokenizer.kind(of: id)) {
            special.insert(Int32(id))
        }
        return special
    }

    func mask() throws -> Int32 {
        guard let mask = tokenizer.id(of: "[MASK]") else {
            throw PretrainingError.data("\(path): the tokenizer has no [MASK] piece; train it with `corpus tokenizer train --special electra` and re-shard")
        }
        return Int32(mask)
    }

    /// T5's layout: `<extra_id_i>` at `size − 1 − i` for all 100 sentinels.
    func denoisingVocabulary() throws -> DenoisingVocabulary {
        let size = tokenizer.vocabSize
        for index in [0, 99] where tokenizer.id(of: "<extra_id_\(index)>") != UInt32(size - 1 - index) {
            throw PretrainingError.data("\(path): the tokenizer lacks T5's sentinels (<extra_id_\(index)> at id \(size - 1 - index)); train it with `corpus tokenizer train --special t5` (or ul2) and re-shard")
        }
        let firstOrdinary = (0..<UInt32(size)).first { [.normal, .byte].contains(tokenizer.kind(of: $0)) } ?? 3
        return DenoisingVocabulary(size: size, padID: 0, eosID: 1, sentinelCount: 100, firstOrdinaryID: Int32(firstOrdinary))
    }

    /// UL2's `[NLU]`, `[NLG]`, `[S2S]`.
    func modeTokens() throws -> ModeTokens {
        guard let nlu = tokenizer.id(of: "[NLU]"), let nlg = tokenizer.id(of: "[NLG]"), let s2s = tokenizer.id(of: "[S2S]") else {
            throw PretrainingError.data("\(path): the tokenizer lacks UL2's mode tokens [NLU], [NLG], [S2S]; train it with `corpus tokenizer train --special ul2` and re-shard")
        }
        return ModeTokens(nlu: Int32(nlu), nlg: Int32(nlg), s2s: Int32(s2s))
    }
}
