import CorpusModels
import CorpusTensors

/// What one batch gave, for either objective: losses and the counts behind the accuracies.
public struct BatchOutcome: Sendable {
    /// The loss that is minimized.
    public var loss: Double
    /// Its named parts ("generator", "discriminator" for ELECTRA; "mlm" for the baseline).
    public var parts: [(name: String, value: Double)]
    /// Masked positions, and how many the (generator's) most likely token got right.
    public var predicted: Int, predictedCorrect: Int
    /// ELECTRA only: real tokens judged, judged right, replaced; the logits and labels (for AUC).
    public var judged: Int, judgedCorrect: Int, replaced: Int
    public var scores: [Float], labels: [Bool]
    /// What a sparse model's routers did (nil for a dense model).
    public var routing: RoutingStatistics? = nil
}

extension BatchOutcome {
    /// A T5-block objective's outcome: its own loss `name`d, plus, for a sparse model, the
    /// routers' auxiliary losses (`load_balancing`, `router_z`), which the minimized loss includes.
    init(objective name: String, loss: Double, routing: RoutingStatistics, predicted: Int, predictedCorrect: Int) {
        var parts = [(name: name, value: loss)], total = loss
        if routing.layers > 0 {
            parts += [("load_balancing", routing.loadBalancingLoss), ("router_z", routing.zLoss)]
            total += routing.auxiliaryLoss
        }
        self.init(loss: total, parts: parts, predicted: predicted, predictedCorrect: predictedCorrect, judged: 0, judgedCorrect: 0,
                  replaced: 0, scores: [], labels: [], routing: routing.layers > 0 ? routing : nil)
    }
}

/// A pretraining objective over one model type: how the model is made and what a batch does to it.
public protocol PretrainingObjective: Sendable {
    /// The model the objective trains.
    associatedtype Model: Parameterized & Sendable where Model.Scalar == Float
    /// A freshly initialized model of the settings' shape (which `settings.problems()` has
    /// checked fits the objective).
    func makeModel(settings: PretrainingSettings, generator: inout SeededGenerator) -> Model
    /// Tokens per sequence taken from the shards.
    func rawSequenceLength(settings: PretrainingSettings) -> Int
    /// Forward (and backward into `gradients` when given) over `shard`'s rows of one batch, with
    /// the whole batch's random draws: the shares' gradients sum to the whole batch's, and so do
    /// the outcomes' losses (each share's term of the mean) and counts.
    func outcome(_ model: Model, batch: TrainingBatch, shard: BatchShard, training: Bool, generator: inout SeededGenerator,
                 gradients: inout Model?) throws -> BatchOutcome
}

extension PretrainingObjective {
    /// Forward (and backward into `gradients` when given) over one whole batch.
    public func outcome(_ model: Model, batch: TrainingBatch, training: Bool, generator: inout SeededGenerator,
                        gradients: inout Model?) throws -> BatchOutcome {
        try outcome(model, batch: batch, shard: .whole, training: training, generator: &generator, gradients: &gradients)
    }

    /// The settings' sequence length: what ELECTRA and the MLM baseline read.
    public func rawSequenceLength(settings: PretrainingSettings) -> Int { settings.sequenceLength }
}

extension PretrainingSettings {
    /// The ELECTRA sizes, for objectives that were checked to train an ELECTRA-shaped model.
    var electraShape: ElectraShape {
        guard let shape = model.electra else { preconditionFailure("objective \(objective.rawValue) needs an ELECTRA shape; settings.problems() says so") }
        return shape
    }

    /// The T5 sizes, for objectives that were checked to train T5's blocks.
    var t5Shape: T5Shape {
        guard let shape = model.t5 else { preconditionFailure("objective \(objective.rawValue) needs a T5 shape; settings.problems() says so") }
        return shape
    }
}

extension ReplacedTokenDetection: PretrainingObjective {
    public func makeModel(settings: PretrainingSettings, generator: inout SeededGenerator) -> ElectraModel<Float> {
        ElectraModel(shape: settings.electraShape, generator: &generator)
    }

    /// `run` over `shard`'s rows of `batch`.
    public func outcome(_ model: ElectraModel<Float>, batch: TrainingBatch, shard: BatchShard, training: Bool, generator: inout SeededGenerator,
                        gradients: inout ElectraModel<Float>?) -> BatchOutcome {
        run(model, batch: batch, shard: shard, training: training, generator: &generator, gradients: &gradients)
    }
}

extension MaskedLanguageModeling: PretrainingObjective {
    public func makeModel(settings: PretrainingSettings, generator: inout SeededGenerator) -> MaskedLanguageModel<Float> {
        MaskedLanguageModel(shape: settings.electraShape, generator: &generator)
    }

    /// `run` over `shard`'s rows of `batch`.
    public func outcome(_ model: MaskedLanguageModel<Float>, batch: TrainingBatch, shard: BatchShard, training: Bool,
                        generator: inout SeededGenerator, gradients: inout MaskedLanguageModel<Float>?) -> BatchOutcome {
        run(model, batch: batch, shard: shard, training: training, generator: &generator, gradients: &gradients)
    }
}

/// The area under the ROC curve of `scores` for `labels` (true = positive): the probability that
/// a random positive scores above a random negative, ties counting one half. Nil without both.
public func areaUnderCurve(scores: [Float], labels: [Bool]) -> Double? {
    let positives = labels.lazy.filter { $0 }.count, negatives = labels.count - positives
    guard positives > 0, negatives > 0 else { return nil }
    let order = scores.indices.sorted { scores[$0] < scores[$1] }
    // Mann–Whitney U from average ranks over tied groups.
    var rankSum = 0.0, start = 0
    while start < order.count {
        var end = start
        while end + 1 < order.count && scores[order[end + 1]] == scores[order[start]] { end += 1 }
        let averageRank = Double(start + end) / 2 + 1
        for i in start...end where labels[order[i]] { rankSum += averageRank }
        start = end + 1
    }
    let u = rankSum - Double(positives) * Double(positives + 1) / 2
    return u / (Double(positives) * Double(negatives))
}
