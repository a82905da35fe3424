/// What one pretraining step costs and what the whole run cost, in matrix-product FLOPs
/// (forward and backward; `StepFLOPs` documents the count).
public struct ComputeFigures: Codable, Sendable, Equatable {
    /// The objective (`rtd`, `mlm`, `span`, ...).
    public var objective: String
    /// Optimizer steps, sequences per step, tokens per sequence (the encoder's, for T5).
    public var steps: Int, batchSize: Int, sequenceLength: Int
    /// FLOPs of one step: in all, in products with weight matrices, in attention's own products.
    public var flopsPerStep: Double, linearFLOPsPerStep: Double, attentionFLOPsPerStep: Double
    /// `steps × flopsPerStep`.
    public var totalFLOPs: Double
    /// The earlier pretrain stage whose training FLOPs this one's steps were set to match, and
    /// those FLOPs (nil when the steps were given).
    public var matchedStage: String?, matchedFLOPs: Double?

    /// Figures of a run of `steps` steps.
    public init(objective: String, steps: Int, batchSize: Int, sequenceLength: Int, flopsPerStep: Double, linearFLOPsPerStep: Double,
                attentionFLOPsPerStep: Double, matchedStage: String? = nil, matchedFLOPs: Double? = nil) {
        self.objective = objective
        self.steps = steps
        self.batchSize = batchSize
        self.sequenceLength = sequenceLength
        self.flopsPerStep = flopsPerStep
        self.linearFLOPsPerStep = linearFLOPsPerStep
        self.attentionFLOPsPerStep = attentionFLOPsPerStep
        totalFLOPs = flopsPerStep * Double(steps)
        self.matchedStage = matchedStage
        self.matchedFLOPs = matchedFLOPs
    }
}

/// A finetune stage's results: which pretrained model, and per task every seed's figures.
public struct FinetuningFigures: Codable, Sendable, Equatable {
    /// The pretrain stage whose model was fine-tuned, its objective, and the step of its checkpoint.
    public var model: String, objective: String, pretrainingStep: Int
    /// The encoder in words.
    public var encoder: String
    /// One entry per task, in the stage's order.
    public var tasks: [FinetunedTask]

    /// Results of fine-tuning `model`.
    public init(model: String, objective: String, pretrainingStep: Int, encoder: String, tasks: [FinetunedTask]) {
        self.model = model
        self.objective = objective
        self.pretrainingStep = pretrainingStep
        self.encoder = encoder
        self.tasks = tasks
    }
}

/// One task's results over the seeds.
public struct FinetunedTask: Codable, Sendable, Equatable {
    /// The task's name and the figure it is ranked by (`accuracy` or `mcc`).
    public var name: String, metric: String
    /// Train and dev examples used, and the classes.
    public var trainExamples: Int, devExamples: Int, labels: [String]
    /// Every seed's final figures and per-epoch dev curves.
    public var seeds: [FinetunedSeed]
    /// Spread over the seeds of the final dev accuracy and Matthews correlation.
    public var accuracy: SpreadFigures, mcc: SpreadFigures

    /// A task's results.
    public init(name: String, metric: String, trainExamples: Int, devExamples: Int, labels: [String], seeds: [FinetunedSeed],
                accuracy: SpreadFigures, mcc: SpreadFigures) {
        self.name = name
        self.metric = metric
        self.trainExamples = trainExamples
        self.devExamples = devExamples
        self.labels = labels
        self.seeds = seeds
        self.accuracy = accuracy
        self.mcc = mcc
    }

    /// The spread of the ranking figure.
    public var ranked: SpreadFigures { metric == "mcc" ? mcc : accuracy }
}

/// One seed's fine-tuning.
public struct FinetunedSeed: Codable, Sendable, Equatable {
    /// The seed, and the final dev accuracy and Matthews correlation.
    public var seed: UInt64, accuracy: Double, mcc: Double
    /// Dev figures after each epoch.
    public var epochs: [EpochFigures]

    /// A seed's result.
    public init(seed: UInt64, accuracy: Double, mcc: Double, epochs: [EpochFigures]) {
        self.seed = seed
        self.accuracy = accuracy
        self.mcc = mcc
        self.epochs = epochs
    }
}

/// Dev figures after one fine-tuning epoch.
public struct EpochFigures: Codable, Sendable, Equatable {
    /// The epoch (1-based), mean train loss, dev loss, dev accuracy and Matthews correlation.
    public var epoch: Int, trainLoss: Double, devLoss: Double, accuracy: Double, mcc: Double

    /// An epoch's figures.
    public init(epoch: Int, trainLoss: Double, devLoss: Double, accuracy: Double, mcc: Double) {
        self.epoch = epoch
        self.trainLoss = trainLoss
        self.devLoss = devLoss
        self.accuracy = accuracy
        self.mcc = mcc
    }
}

/// Median, range, mean and sample standard deviation of a figure over seeds.
public struct SpreadFigures: Codable, Sendable, Equatable {
    /// Values, median, smallest, largest, mean.
    public var count: Int, median: Double, minimum: Double, maximum: Double, mean: Double
    /// Sample standard deviation; nil for one value.
    public var standardDeviation: Double?

    /// The spread of `values` (not empty).
    public init(_ values: [Double]) {
        precondition(!values.isEmpty, "SpreadFigures: no values")
        let sorted = values.sorted(), n = sorted.count
        count = n
        median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
        minimum = sorted[0]
        maximum = sorted[n - 1]
        let mean = values.reduce(0, +) / Double(n)
        self.mean = mean
        standardDeviation = n > 1 ? (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)).squareRoot() : nil
    }
}
