import CorpusModels

/// Which pretraining objective a run trains.
public enum PretrainingObjectiveKind: String, Codable, Sendable, CaseIterable {
    /// ELECTRA's replaced token detection (generator + discriminator).
    case rtd
    /// BERT-style masked language modeling, the baseline.
    case mlm
}

/// Everything that decides a pretraining run's numbers: model sizes, data shape, optimizer,
/// schedule, masking and seed. Two runs with equal settings on the same shards produce the same
/// loss curve bit for bit.
public struct PretrainingSettings: Codable, Sendable, Equatable {
    /// The objective.
    public var objective: PretrainingObjectiveKind
    /// Model sizes; `vocabulary` must equal the shards' tokenizer's.
    public var shape: ElectraShape
    /// Tokens per training sequence (packed from the shards).
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
            shape: ElectraShape(vocabulary: vocabulary, embedding: 128, maximumLength: 512, discriminator: discriminator,
                                generator: ElectraShape.generator(for: discriminator, fraction: 0.25)),
            sequenceLength: 128, batchSize: 128, steps: 1_000_000, learningRate: 5e-4, warmupSteps: 10_000,
            optimizer: AdamW(), clipNorm: 1, dropout: 0.1, masking: Masking(rate: 0.15, maskShare: 0.85, maximumPredictions: 20),
            discriminatorWeight: 50, seed: 1, logEvery: 10, evaluateEvery: 1000, checkpointEvery: 1000, evaluationBatches: 10,
            tokenizerSHA256: nil)
    }

    /// A model that learns something in minutes on two cores: embedding 64, hidden 128, 4
    /// layers, 2 heads, FFN 512, generator 1/4; sequence 128, batch 16, lr 1e-3 over 2,000 steps.
    public static func electraTiny(vocabulary: Int) -> PretrainingSettings {
        var settings = electraSmall(vocabulary: vocabulary)
        let discriminator = EncoderShape(hidden: 128, layers: 4, heads: 2, feedForward: 512)
        settings.shape = ElectraShape(vocabulary: vocabulary, embedding: 64, maximumLength: 512, discriminator: discriminator,
                                      generator: ElectraShape.generator(for: discriminator, fraction: 0.25))
        settings.batchSize = 16
        settings.steps = 2000
        settings.learningRate = 1e-3
        settings.warmupSteps = 200
        settings.evaluateEvery = 200
        settings.checkpointEvery = 200
        return settings
    }

    /// The named presets, by name.
    public static let presetNames = ["electra-small", "electra-tiny"]

    /// The preset called `name` for a vocabulary, or nil.
    public static func preset(_ name: String, vocabulary: Int) -> PretrainingSettings? {
        switch name {
        case "electra-small": electraSmall(vocabulary: vocabulary)
        case "electra-tiny": electraTiny(vocabulary: vocabulary)
        default: nil
        }
    }

    /// The reasons these settings cannot train, empty when they can.
    public func problems() -> [String] {
        var problems = shape.problems()
        if sequenceLength < 2 { problems.append("sequence_length must be at least 2 (got \(sequenceLength))") }
        if sequenceLength > shape.maximumLength {
            problems.append("sequence_length \(sequenceLength) exceeds maximum_length \(shape.maximumLength) (the position table); raise maximum_length or shorten the sequences")
        }
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
