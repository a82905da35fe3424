import CorpusModels
import CorpusTensors

/// The state of a pretraining run and one optimizer step at a time: the model, AdamW's moments
/// and the step counter. Everything random in step `s` is drawn from `SeededGenerator(seed,
/// stream: 2, index: s)` and batch `s` is the data source's batch `s`, so the state after any
/// step is a function of the settings, the data and the step alone.
public final class Pretrainer<Objective: PretrainingObjective> {
    /// The run's settings.
    public let settings: PretrainingSettings
    /// The objective.
    public let objective: Objective
    /// The model being trained.
    public private(set) var model: Objective.Model
    /// AdamW's moments, one per tensor in `visit` order.
    public private(set) var moments: [AdamW.Moments]
    /// Optimizer steps taken so far.
    public private(set) var step: Int
    /// The processes training together; each computes its share of every batch's gradient.
    public let communicator: any Communicator
    /// This process's rows of every batch.
    public let shard: BatchShard
    private let schedule: LearningRateSchedule

    /// A fresh run: weights from `SeededGenerator(seed, stream: 0)`, zero moments, step 0.
    /// Under a `communicator` of more than one process the batch size must divide by its size
    /// (`PretrainingRun` checks it).
    public init(settings: PretrainingSettings, objective: Objective, communicator: any Communicator = SingleProcess.shared) {
        precondition(settings.batchSize % communicator.size == 0, "Pretrainer: batch \(settings.batchSize) over \(communicator.size) processes")
        self.settings = settings
        self.objective = objective
        self.communicator = communicator
        shard = BatchShard(index: communicator.rank, count: communicator.size)
        var random = SeededGenerator(seed: settings.seed, stream: 0)
        model = objective.makeModel(settings: settings, generator: &random)
        moments = model.tensors.map { AdamW.Moments(count: $0.count) }
        step = 0
        schedule = LearningRateSchedule(peak: settings.learningRate, warmupSteps: settings.warmupSteps, totalSteps: settings.steps)
    }

    /// What one optimizer step did.
    public struct StepReport: Sendable {
        /// The batch's outcome before the update.
        public var outcome: BatchOutcome
        /// The learning rate used and the gradient norm before clipping.
        public var learningRate: Double, gradientNorm: Double
    }

    /// Trains on `batch`, which must be the data source's batch number `step` (the whole global
    /// batch: this process trains on its shard's rows and sums the gradients with the others').
    public func train(on batch: TrainingBatch) throws -> StepReport {
        var random = SeededGenerator(seed: settings.seed, stream: 2, index: UInt64(step))
        var gradients: Objective.Model? = model.zeroed()
        var outcome = try objective.outcome(model, batch: batch, shard: shard, training: true, generator: &random, gradients: &gradients)
        var flat = gradients!.tensors
        gradients = nil
        if communicator.size > 1 {
            try sumOverProcesses(&flat)
            outcome = try sumOverProcesses(outcome)
        }
        let norm = clipGlobalNorm(&flat, maximum: settings.clipNorm)
        // ELECTRA reads the rate at the global step before it is incremented.
        let rate = schedule.rate(at: step)
        let optimizer = settings.optimizer
        var index = 0
        let nextStep = step + 1
        model.visit { _, _, tensor, decays in
            optimizer.update(&tensor, gradients: flat[index], moments: &moments[index], learningRate: rate, step: nextStep, decays: decays)
            index += 1
        }
        step = nextStep
        return StepReport(outcome: outcome, learningRate: rate, gradientNorm: norm)
    }

    /// Held-out figures over `batches`, with dropout off and masking drawn from
    /// `SeededGenerator(seed, stream: 3, index: b)` so every evaluation sees the same masks.
    public func evaluate(_ batches: [TrainingBatch]) throws -> Evaluation {
        var evaluation = Evaluation()
        for (index, batch) in batches.enumerated() {
            var random = SeededGenerator(seed: settings.seed, stream: 3, index: UInt64(index))
            var none: Objective.Model? = nil
            evaluation.add(try objective.outcome(model, batch: batch, training: false, generator: &random, gradients: &none))
        }
        return evaluation
    }

    /// Replaces the state with a checkpoint's.
    public func restore(model: Objective.Model, moments: [AdamW.Moments], step: Int) {
        precondition(moments.count == model.tensors.count, "restore: moments for every tensor")
        self.model = model
        self.moments = moments
        self.step = step
    }
}

/// Figures summed over evaluation batches.
public struct Evaluation: Sendable {
    /// Batches, and the sum of their losses and of each loss part.
    public var batches = 0, loss = 0.0, parts: [(name: String, value: Double)] = []
    /// Counts behind the accuracies.
    public var predicted = 0, predictedCorrect = 0, judged = 0, judgedCorrect = 0, replaced = 0
    /// Discriminator logits and labels, for the AUC.
    public var scores: [Float] = [], labels: [Bool] = []
    /// A sparse model's routing figures, summed (nil for a dense model).
    public var routing: RoutingStatistics?

    /// An empty sum.
    public init() {}

    /// Adds one batch.
    public mutating func add(_ outcome: BatchOutcome) {
        batches += 1
        loss += outcome.loss
        if parts.isEmpty { parts = outcome.parts.map { ($0.name, 0) } }
        for (index, part) in outcome.parts.enumerated() { parts[index].value += part.value }
        predicted += outcome.predicted
        predictedCorrect += outcome.predictedCorrect
        judged += outcome.judged
        judgedCorrect += outcome.judgedCorrect
        replaced += outcome.replaced
        scores += outcome.scores
        labels += outcome.labels
        if let batchRouting = outcome.routing {
            if routing == nil { routing = RoutingStatistics(experts: batchRouting.experts) }
            routing!.add(batchRouting)
        }
    }

    /// Mean loss per batch.
    public var meanLoss: Double { batches > 0 ? loss / Double(batches) : 0 }
    /// Share of masked positions predicted right.
    public var predictionAccuracy: Double? { predicted > 0 ? Double(predictedCorrect) / Double(predicted) : nil }
    /// Share of judged tokens judged right.
    public var discriminatorAccuracy: Double? { judged > 0 ? Double(judgedCorrect) / Double(judged) : nil }
    /// The discriminator's ROC AUC.
    public var discriminatorAUC: Double? { areaUnderCurve(scores: scores, labels: labels) }
}
