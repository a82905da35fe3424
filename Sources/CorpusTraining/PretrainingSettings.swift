import CorpusModels

/// Which pretraining objective a run trains.
public enum PretrainingObjectiveKind: String, Codable, Sendable, CaseIterable {
    /// ELECTRA's replaced token detection (generator + discriminator).
    case rtd
    /// BERT-style masked language modeling, the baseline.
    case mlm
    /// T5's span corruption (encoder-decoder).
    case span
    /// The T5 paper's BERT-style objective: i.i.d. masking, the whole sequence as target.
    case bertStyle = "bert-style"
    /// The T5 paper's i.i.d. noise replaced by sentinels.
    case iidSentinel = "iid-sentinel"
    /// The T5 paper's dropped corrupted tokens.
    case drop
    /// The T5 paper's deshuffling.
    case deshuffle
    /// Prefix language modeling on the encoder-decoder.
    case prefixLM = "prefix-lm"
    /// UL2's mixture of denoisers (R, X, S with mode tokens); UL2R with the `ul2r` mixture.
    case ul2
    /// A decoder-only causal language model on T5's blocks.
    case causalLM = "causal-lm"

    /// Whether the objective trains an ELECTRA-shaped model (else T5's blocks).
    public var usesElectraShape: Bool { self == .rtd || self == .mlm }

    /// Whether the objective trains T5's encoder-decoder.
    public var isEncoderDecoder: Bool { !usesElectraShape && self != .causalLM }
}

/// The settings of the encoder-decoder objectives: T5's noise and UL2's mixture.
public struct DenoisingSettings: Codable, Sendable, Equatable {
    /// Share of tokens that are noise (T5: 0.15) and mean noise span length (T5: 3).
    public var noiseDensity: Double, meanNoiseSpanLength: Double
    /// Share of the BERT-style objective's noise tokens shown as a random token (T5: 0.1).
    public var randomTokenShare: Double
    /// UL2's mixture: `ul2` (the paper's seven denoisers) or `ul2r` (U-PaLM: 50% S, 25% R, 25% X).
    public var mixture: String

    /// T5's values and UL2's mixture.
    public init(noiseDensity: Double = 0.15, meanNoiseSpanLength: Double = 3, randomTokenShare: Double = 0.1, mixture: String = "ul2") {
        self.noiseDensity = noiseDensity
        self.meanNoiseSpanLength = meanNoiseSpanLength
        self.randomTokenShare = randomTokenShare
        self.mixture = mixture
    }
}

/// Everything that decides a pretraining run's numbers: model sizes, data shape, optimizer,
/// schedule, masking and seed. Two runs with equal settings on the same shards produce the same
/// loss curve bit for bit.
public struct PretrainingSettings: Codable, Sendable, Equatable {
    /// The objective.
    public var objective: PretrainingObjectiveKind
    /// Model sizes; `vocabulary` must equal the shards' tokenizer's.
    public var model: ModelShape
    /// Tokens per training sequence: packed from the shards for ELECTRA and the causal LM; the
    /// encoder's input length for the encoder-decoder objectives (which take as many raw
    /// tokens as their noise needs to fill it).
    public var sequenceLength: Int
    /// Sequences per step.
    public var batchSize: Int
    /// Optimizer steps in the whole run.
    public var steps: Int
    /// Peak learning rate, warm-up steps (linear from 0), then linear decay to 0 at `steps`.
    public var learningRate: Double, warmupSteps: Int
    /// AdamW settings (ELECTRA: no bias correction, ε 1e-6, weight decay 0.01).
    public var optimizer: AdamW
    /// Global gradient-norm clipping threshold.
    public var clipNorm: Double
    /// Dropout on embeddings and residual branches.
    public var dropout: Double
    /// Share of tokens to predict, share of those shown as `[MASK]`, and the cap per sequence.
    public var masking: Masking
    /// λ in `L_gen + λ L_disc`.
    public var discriminatorWeight: Double
    /// The encoder-decoder objectives' noise and mixture.
    public var denoising: DenoisingSettings
    /// A checkpoint whose weights start the run (UL2R: continue a trained model on the mixture),
    /// or nil to start from a fresh initialization.
    public var initialWeights: String?
    /// Seeds the initial weights, the data order, masking, sampling and dropout.
    public var seed: UInt64
    /// Steps between progress lines and train metrics, between evaluations, and between checkpoints.
    public var logEvery: Int, evaluateEvery: Int, checkpointEvery: Int
    /// Validation batches per evaluation.
    public var evaluationBatches: Int
    /// The tokenizer the shards must have been made with (SHA-256 of the model file), if pinned.
    public var tokenizerSHA256: String?

    /// ELECTRA-Small as the paper trains it: embedding 128, hidden 256, 12 layers, 4 heads, FFN
    /// 1024, generator 1/4; sequence 128, batch 128, lr 5e-4 with 10k warm-up over 1M steps,
    /// at most 20 predictions per sequence.
    public static func electraSmall(vocabulary: Int) -> PretrainingSettings {
        let discriminator = EncoderShape(hidden: 256, layers: 12, heads: 4, feedForward: 1024)
        return PretrainingSettings(
            objective: .rtd,
            model: .electra(ElectraShape(vocabulary: vocabulary, embedding: 128, maximumLength: 512, discriminator: discriminator,
                                         generator: ElectraShape.generator(for: discriminator, fraction: 0.25))),
            sequenceLength: 128, batchSize: 128, steps: 1_000_000, learningRate: 5e-4, warmupSteps: 10_000,
            optimizer: AdamW(), clipNorm: 1, dropout: 0.1, masking: Masking(rate: 0.15, maskShare: 0.85, maximumPredictions: 20),
            discriminatorWeight: 50, denoising: DenoisingSettings(), initialWeights: nil, seed: 1, logEvery: 10, evaluateEvery: 1000, checkpointEvery: 1000, evaluationBatches: 10,
            tokenizerSHA256: nil)
    }

    /// A model that learns something in minutes on two cores: embedding 64, hidden 128, 4
    /// layers, 2 heads, FFN 512, generator 1/4; sequence 128, batch 16, lr 1e-3 over 2,000 steps.
    public static func electraTiny(vocabulary: Int) -> PretrainingSettings {
        var settings = electraSmall(vocabulary: vocabulary)
        let discriminator = EncoderShape(hidden: 128, layers: 4, heads: 2, feedForward: 512)
        settings.model = .electra(ElectraShape(vocabulary: vocabulary, embedding: 64, maximumLength: 512, discriminator: discriminator,
                                               generator: ElectraShape.generator(for: discriminator, fraction: 0.25)))
        settings.batchSize = 16
        settings.steps = 2000
        settings.learningRate = 1e-3
        settings.warmupSteps = 200
        settings.evaluateEvery = 200
        settings.checkpointEvery = 200
        return settings
    }

    /// T5-small as the T5 paper pretrains it, with span corruption: d_model 512, 6 + 6 blocks,
    /// 8 heads of 64, d_ff 2048, ReLU, tied embeddings; 512 input tokens, batch 128, 2¹⁹ steps,
    /// dropout 0.1. corpus trains with AdamW (lr 1e-3, 10k warm-up, linear decay, bias
    /// correction on, decay 0.01) where T5 used Adafactor with an inverse square root schedule.
    public static func t5Small(vocabulary: Int) -> PretrainingSettings {
        var settings = electraSmall(vocabulary: vocabulary)
        settings.objective = .span
        settings.model = .t5(T5Shape.small(vocabulary: vocabulary))
        settings.sequenceLength = 512
        settings.steps = 524_288
        settings.learningRate = 1e-3
        settings.optimizer.biasCorrection = true
        settings.masking = Masking()
        return settings
    }

    /// A T5 that learns something in minutes on two cores: d_model 128, 2 + 2 blocks, 4 heads
    /// of 32, d_ff 512; 128 input tokens, batch 16, lr 1e-3 over 2,000 steps.
    public static func t5Tiny(vocabulary: Int) -> PretrainingSettings {
        var settings = t5Small(vocabulary: vocabulary)
        settings.model = .t5(T5Shape(vocabulary: vocabulary, width: 128, heads: 4, headWidth: 32, feedForward: 512,
                                     encoderLayers: 2, decoderLayers: 2))
        settings.sequenceLength = 128
        settings.batchSize = 16
        settings.steps = 2000
        settings.warmupSteps = 200
        settings.evaluateEvery = 200
        settings.checkpointEvery = 200
        return settings
    }

    /// t5-tiny made a Switch Transformer: 8 experts in every other block (blocks 1 of each
    /// stack), each expert as wide as t5-tiny's d_ff, so a token costs what it costs in t5-tiny
    /// (plus the router) while the feed-forward weights of those blocks are 8 times as many.
    public static func switchTiny(vocabulary: Int) -> PretrainingSettings {
        var settings = t5Tiny(vocabulary: vocabulary)
        guard case .t5(var shape) = settings.model else { preconditionFailure("t5Tiny is a T5 shape") }
        shape.sparse = SwitchShape(experts: 8)
        settings.model = .t5(shape)
        return settings
    }

    /// The named presets, by name.
    public static let presetNames = ["electra-small", "electra-tiny", "t5-small", "t5-tiny", "switch-tiny"]

    /// The preset called `name` for a vocabulary, or nil.
    public static func preset(_ name: String, vocabulary: Int) -> PretrainingSettings? {
        switch name {
        case "electra-small": electraSmall(vocabulary: vocabulary)
        case "electra-tiny": electraTiny(vocabulary: vocabulary)
        case "t5-small": t5Small(vocabulary: vocabulary)
        case "t5-tiny": t5Tiny(vocabulary: vocabulary)
        case "switch-tiny": switchTiny(vocabulary: vocabulary)
        default: nil
        }
    }

    /// The preset a config starts from when it names none: ELECTRA-Small for ELECTRA and MLM,
    /// T5-small for the rest.
    public static func defaultPresetName(for objective: PretrainingObjectiveKind) -> String {
        objective.usesElectraShape ? "electra-small" : "t5-small"
    }

    /// The reasons these settings cannot train, empty when they can.
    public func problems() -> [String] {
        var problems = model.problems()
        if objective.usesElectraShape != (model.electra != nil) {
            problems.append("objective \(objective.rawValue) trains \(objective.usesElectraShape ? "an ELECTRA-shaped" : "a T5-shaped") model; start from a matching preset (\(Self.defaultPresetName(for: objective)))")
        }
        if sequenceLength < 2 { problems.append("sequence_length must be at least 2 (got \(sequenceLength))") }
        if let shape = model.electra, sequenceLength > shape.maximumLength {
            problems.append("sequence_length \(sequenceLength) exceeds maximum_length \(shape.maximumLength) (the position table); raise maximum_length or shorten the sequences")
        }
        if !(denoising.noiseDensity > 0 && denoising.noiseDensity < 1) { problems.append("noise_density must be between 0 and 1 (got \(denoising.noiseDensity))") }
        if !(denoising.meanNoiseSpanLength >= 1) { problems.append("mean_noise_span_length must be at least 1 (got \(denoising.meanNoiseSpanLength))") }
        if !["ul2", "ul2r"].contains(denoising.mixture) { problems.append("mixture must be ul2 or ul2r (got \(denoising.mixture))") }
        if !(0...1).contains(denoising.randomTokenShare) { problems.append("random_token_share must be in 0...1 (got \(denoising.randomTokenShare))") }
        if batchSize < 1 { problems.append("batch_size must be at least 1 (got \(batchSize))") }
        if steps < 1 { problems.append("steps must be at least 1 (got \(steps))") }
        if !(learningRate > 0) { problems.append("learning_rate must be above 0 (got \(learningRate))") }
        if warmupSteps < 0 { problems.append("warmup_steps must not be negative (got \(warmupSteps))") }
        if !(clipNorm > 0) { problems.append("clip_norm must be above 0 (got \(clipNorm))") }
        if !(0..<1).contains(dropout) { problems.append("dropout must be in 0..<1 (got \(dropout))") }
        if !(masking.rate > 0 && masking.rate < 1) { problems.append("mask_rate must be between 0 and 1 (got \(masking.rate))") }
        if !(0...1).contains(masking.maskShare) { problems.append("mask_share must be in 0...1 (got \(masking.maskShare))") }
        if masking.maximumPredictions < 1 { problems.append("max_predictions must be at least 1 (got \(masking.maximumPredictions))") }
        if logEvery < 1 || evaluateEvery < 1 || checkpointEvery < 1 { problems.append("log_every, evaluate_every and checkpoint_every must be at least 1") }
        if evaluationBatches < 0 { problems.append("evaluation_batches must not be negative") }
        return problems
    }
}
