import CorpusTraining

/// Everything besides the data, the pretrained model and the seed that decides an instruction
/// tuning run's numbers.
///
/// Flan-T5 was tuned with Adafactor at a constant learning rate of 1e-3, inputs of 1024 and
/// targets of 256 tokens, dropout 0.05 to 0.1 and no weight decay. corpus has no Adafactor: it
/// uses AdamW (PyTorch's, with bias correction), at a constant rate by default; 3e-4 is the
/// usual AdamW rate for T5 fine-tuning, and tiny models take more.
public struct InstructionSettings: Codable, Sendable, Equatable {
    /// How the learning rate moves over the steps.
    public enum Schedule: String, Codable, Sendable, CaseIterable {
        /// The peak at every step after warm-up (Flan's).
        case constant
        /// Linear warm-up, then linear decay to 0 at the last step.
        case linear
    }

    /// How an option's log-likelihood is compared with the others'.
    public enum Scoring: String, Codable, Sendable, CaseIterable {
        /// The sum of the log-probabilities of the option's tokens, eos included (T5's and Flan's
        /// rank classification): the default.
        case sum
        /// That sum divided by the option's token count: favours longer options less.
        case mean
    }

    /// The format version of these settings.
    public var version = 1
    /// The peak learning rate.
    public var learningRate = 3e-4
    /// `constant` (default) or `linear`.
    public var schedule = Schedule.constant
    /// Steps of linear warm-up from 0 (both schedules).
    public var warmupSteps = 0
    /// Examples per step.
    public var batchSize = 32
    /// Passes over the training mixture; the held-out task is evaluated after each.
    public var epochs = 3
    /// Encoder tokens per example, eos included; longer inputs lose their end.
    public var maximumInputLength = 256
    /// Decoder tokens per example, eos included; longer targets lose their end.
    public var maximumTargetLength = 32
    /// AdamW's decoupled weight decay (not on norms); Flan used none.
    public var weightDecay = 0.0
    /// Dropout in both stacks while training.
    public var dropout = 0.1
    /// Global gradient-norm clipping threshold.
    public var clipNorm = 1.0
    /// AdamW's ε.
    public var adamEpsilon = 1e-8
    /// Rank classification's scoring: `sum` (default) or `mean`.
    public var scoring = Scoring.sum
    /// The seed: data order and dropout (templates are drawn when tasks are rendered).
    public var seed: UInt64 = 1

    /// The defaults.
    public init() {}

    /// The reasons these settings cannot train, empty when they can.
    public func problems() -> [String] {
        var problems: [String] = []
        if version != 1 { problems.append("version must be 1 (got \(version))") }
        if !(learningRate > 0) { problems.append("learning_rate must be above 0 (got \(learningRate))") }
        if warmupSteps < 0 { problems.append("warmup_steps must not be negative (got \(warmupSteps))") }
        if batchSize < 1 { problems.append("batch_size must be at least 1 (got \(batchSize))") }
        if epochs < 1 { problems.append("epochs must be at least 1 (got \(epochs))") }
        if maximumInputLength < 2 { problems.append("max_input_length must be at least 2 (got \(maximumInputLength))") }
        if maximumTargetLength < 2 { problems.append("max_target_length must be at least 2 (got \(maximumTargetLength))") }
        if !(weightDecay >= 0) { problems.append("weight_decay must not be negative (got \(weightDecay))") }
        if !(0..<1).contains(dropout) { problems.append("dropout must be in 0..<1 (got \(dropout))") }
        if !(clipNorm > 0) { problems.append("clip_norm must be above 0 (got \(clipNorm))") }
        if !(adamEpsilon > 0) { problems.append("adam_epsilon must be above 0 (got \(adamEpsilon))") }
        return problems
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case version, learningRate = "learning_rate", schedule, warmupSteps = "warmup_steps", batchSize = "batch_size", epochs
        case maximumInputLength = "max_input_length", maximumTargetLength = "max_target_length", weightDecay = "weight_decay"
        case dropout, clipNorm = "clip_norm", adamEpsilon = "adam_epsilon", scoring, seed
    }

    /// Reads the keys present and keeps the defaults for the others; unknown keys are refused.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        let known = CodingKeys.allCases.map(\.stringValue)
        if let unknown = container.allKeys.first(where: { !known.contains($0.stringValue) }) {
            throw DecodingError.dataCorruptedError(forKey: unknown, in: container,
                                                   debugDescription: "unknown key \(unknown.stringValue); known: \(known.sorted().joined(separator: ", "))")
        }
        let values = try decoder.container(keyedBy: CodingKeys.self)
        version = try values.decodeIfPresent(Int.self, forKey: .version) ?? version
        learningRate = try values.decodeIfPresent(Double.self, forKey: .learningRate) ?? learningRate
        schedule = try values.decodeIfPresent(Schedule.self, forKey: .schedule) ?? schedule
        warmupSteps = try values.decodeIfPresent(Int.self, forKey: .warmupSteps) ?? warmupSteps
        batchSize = try values.decodeIfPresent(Int.self, forKey: .batchSize) ?? batchSize
        epochs = try values.decodeIfPresent(Int.self, forKey: .epochs) ?? epochs
        maximumInputLength = try values.decodeIfPresent(Int.self, forKey: .maximumInputLength) ?? maximumInputLength
        maximumTargetLength = try values.decodeIfPresent(Int.self, forKey: .maximumTargetLength) ?? maximumTargetLength
        weightDecay = try values.decodeIfPresent(Double.self, forKey: .weightDecay) ?? weightDecay
        dropout = try values.decodeIfPresent(Double.self, forKey: .dropout) ?? dropout
        clipNorm = try values.decodeIfPresent(Double.self, forKey: .clipNorm) ?? clipNorm
        adamEpsilon = try values.decodeIfPresent(Double.self, forKey: .adamEpsilon) ?? adamEpsilon
        scoring = try values.decodeIfPresent(Scoring.self, forKey: .scoring) ?? scoring
        seed = try values.decodeIfPresent(UInt64.self, forKey: .seed) ?? seed
    }

    /// The learning rate before optimizer step `step + 1` of `total`.
    public func rate(at step: Int, total: Int) -> Double {
        switch schedule {
        case .linear:
            return LearningRateSchedule(peak: learningRate, warmupSteps: warmupSteps, totalSteps: total).rate(at: step)
        case .constant:
            return warmupSteps > 0 ? learningRate * min(1, Double(step) / Double(warmupSteps)) : learningRate
        }
    }
}
