import CorpusShards
import CorpusTensors
import Foundation

/// What a run reports as it goes.
public enum PretrainingEvent: Sendable {
    /// Training resumed from a checkpoint at this step.
    case resumed(step: Int, path: String)
    /// A fresh run took its initial weights from another run's checkpoint.
    case initialized(path: String)
    /// A checkpoint could not be read and was passed over.
    case skippedCheckpoint(path: String, reason: String)
    /// Train figures over the steps since the last report.
    case trained(step: Int, loss: Double, learningRate: Double, tokensPerSecond: Double, secondsLeft: Double?)
    /// Held-out figures.
    case evaluated(step: Int, loss: Double, accuracy: Double?, auc: Double?)
    /// A checkpoint was written.
    case checkpointed(step: Int, path: String)
    /// Training is data-parallel over `processes` processes: every step sums `parameters`
    /// float32 gradients over them (one allreduce of `4 × parameters` bytes).
    case dataParallel(processes: Int, parameters: Int)
}

/// A pretraining run in a folder: `settings.json`, `metrics.jsonl`, `checkpoints/` and, when
/// all steps are done, `export/` (the model in HuggingFace's layout). Running it again resumes
/// from the newest readable checkpoint and continues bit for bit as if never stopped.
///
/// Under a communicator of K processes (data parallelism), each process trains on its K-th of
/// every global batch and the gradients are summed before every update, so all hold the same
/// weights; rank 0 alone writes the folder and reports events, and only it evaluates.
public final class PretrainingRun<Objective: PretrainingObjective> {
    /// The run folder.
    public let directory: String
    /// The trainer.
    public let trainer: Pretrainer<Objective>
    private let train: BatchSource
    private let validation: [TrainingBatch]
    private let export: (Objective.Model, String) throws -> Void

    /// Prepares a run of `objective` on `dataset` in `directory`; refuses settings that cannot
    /// train and data that does not fit them before anything is written. `export` writes the
    /// finished model into a folder. `communicator` is the world of processes training together
    /// (by default `DataParallel.world`: one process unless the program installed MPI's).
    public init(settings: PretrainingSettings, objective: Objective, dataset: TokenDataset, directory: String,
                communicator: any Communicator = DataParallel.world, export: @escaping (Objective.Model, String) throws -> Void) throws {
        var problems = settings.problems()
        if settings.checkpointEvery % settings.logEvery != 0 {
            problems.append("checkpoint_every (\(settings.checkpointEvery)) must be a multiple of log_every (\(settings.logEvery))")
        }
        problems += Self.dataParallelProblems(settings, processes: communicator.size)
        guard problems.isEmpty else { throw PretrainingError.invalidSettings(problems) }
        let manifest = dataset.manifest
        guard manifest.vocabSize == settings.model.vocabulary else {
            throw PretrainingError.data("\(dataset.directory): the shards' tokenizer has \(manifest.vocabSize) ids but the model's vocabulary is \(settings.model.vocabulary); set vocabulary: \(manifest.vocabSize)")
        }
        if let expected = settings.tokenizerSHA256, expected.lowercased() != manifest.tokenizerSHA256 {
            throw PretrainingError.data("\(dataset.directory): the shards were made with tokenizer \(manifest.tokenizerSHA256), not the \(expected) the config expects; re-shard with that tokenizer or update tokenizer_sha256")
        }
        let rawLength = objective.rawSequenceLength(settings: settings)
        train = try BatchSource(dataset: dataset, split: .train, sequenceLength: rawLength, batchSize: settings.batchSize,
                                seed: settings.seed, shuffled: true)
        guard !train.isEmpty else {
            throw PretrainingError.data("\(dataset.directory): the train split has fewer than \(rawLength) tokens, not one whole sequence")
        }
        var held: [TrainingBatch] = []
        if !dataset.shards(of: .validation).isEmpty {
            let source = try BatchSource(dataset: dataset, split: .validation, sequenceLength: rawLength,
                                         batchSize: settings.batchSize, seed: settings.seed, shuffled: false)
            let whole = source.sequences.count / settings.batchSize
            for index in 0..<min(whole, settings.evaluationBatches) { held.append(try source.batch(index)) }
        }
        validation = held
        self.directory = directory
        self.export = export
        trainer = Pretrainer(settings: settings, objective: objective, communicator: communicator)
    }

    /// Whether evaluation has held-out batches (a validation split with at least one whole batch).
    public var evaluates: Bool { !validation.isEmpty }

    /// Trains to the last step, or stops after `stopAfter` steps in total (for tests and
    /// staged runs); returns the step reached.
    @discardableResult
    public func run(stopAfter: Int? = nil, observe reported: (PretrainingEvent) -> Void = { _ in }) throws -> Int {
        let settings = trainer.settings
        let checkpoints = directory + "/checkpoints"
        let writes = trainer.communicator.rank == 0
        func observe(_ event: PretrainingEvent) { if writes { reported(event) } }
        if writes {
            do {
                try FileManager.default.createDirectory(atPath: checkpoints, withIntermediateDirectories: true)
            } catch {
                throw PretrainingError.io(path: checkpoints, reason: error.localizedDescription)
            }
            try recordSettings()
        }
        let resumedAt = try resume(from: checkpoints, observe: observe)
        if resumedAt == nil, let initial = settings.initialWeights {
            try PretrainingCheckpoint.startFromWeights(trainer, path: initial)
            observe(.initialized(path: initial))
        }
        try trainer.checkProcessesAgree()
        if trainer.communicator.size > 1 {
            observe(.dataParallel(processes: trainer.communicator.size, parameters: trainer.model.tensors.reduce(0) { $0 + $1.count }))
        }
        let metrics = writes ? try MetricsLog(path: directory + "/metrics.jsonl", keepThrough: resumedAt) : nil
        let last = min(settings.steps, stopAfter ?? settings.steps)
        let tokensPerStep = Double(settings.batchSize * settings.sequenceLength)
        var window = Evaluation(), windowStart = ContinuousClock.now, started = ContinuousClock.now, stepsTimed = 0
        while trainer.step < last {
            let batch = try train.batch(trainer.step)
            let report: Pretrainer<Objective>.StepReport
            do { report = try trainer.train(on: batch) } catch let error as PretrainingError { throw error } catch {
                throw PretrainingError.data("step \(trainer.step + 1): \(error)")
            }
            window.add(report.outcome)
            stepsTimed += 1
            let step = trainer.step
            if step % settings.logEvery == 0 || step == settings.steps {
                try trainer.checkProcessesAgree()
                if let metrics {
                    let seconds = Self.seconds(ContinuousClock.now - windowStart)
                    let rate = Double(window.batches) * tokensPerStep / max(seconds, 1e-9)
                    let perStep = Self.seconds(ContinuousClock.now - started) / Double(max(1, stepsTimed))
                    try metrics.append(metricFields(step: step, part: "train", window) + [
                        ("learning_rate", .number(report.learningRate)), ("gradient_norm", .number(report.gradientNorm)),
                        ("tokens_per_second", .number(rate.rounded())),
                    ])
                    observe(.trained(step: step, loss: window.meanLoss, learningRate: report.learningRate, tokensPerSecond: rate,
                                     secondsLeft: perStep * Double(settings.steps - step)))
                }
                window = Evaluation()
            }
            if let metrics, !validation.isEmpty && (step % settings.evaluateEvery == 0 || step == settings.steps) {
                let evaluation = try trainer.evaluate(validation)
                try metrics.append(metricFields(step: step, part: "validation", evaluation))
                observe(.evaluated(step: step, loss: evaluation.meanLoss, accuracy: evaluation.predictionAccuracy, auc: evaluation.discriminatorAUC))
            }
            if writes && (step % settings.checkpointEvery == 0 || step == settings.steps || step == last) {
                let path = checkpoints + "/" + PretrainingCheckpoint.fileName(step: step)
                try PretrainingCheckpoint.file(trainer, data: train.position(ofBatch: step)).write(path: path)
                try pruneCheckpoints(in: checkpoints, keeping: 2)
                observe(.checkpointed(step: step, path: path))
            }
            // Throughput counts training only, not evaluation and checkpoint writing.
            if window.batches == 0 { windowStart = ContinuousClock.now }
        }
        if writes && trainer.step == settings.steps {
            try export(trainer.model, directory + "/export")
        }
        return trainer.step
    }

    /// Why `settings` cannot train over `processes` processes (none for one).
    static func dataParallelProblems(_ settings: PretrainingSettings, processes: Int) -> [String] {
        guard processes > 1 else { return [] }
        var problems: [String] = []
        if settings.batchSize % processes != 0 {
            problems.append("batch_size (\(settings.batchSize)) must divide by the number of processes (\(processes)): "
                + "every process trains on an equal share of each batch; use a batch size that is a multiple of \(processes)")
        }
        if settings.model.t5?.sparse != nil {
            problems.append("a Switch (sparse) model cannot train on \(processes) processes yet: expert capacity and the routers' "
                + "auxiliary losses are computed per batch, so shares would not add up to the single-process step; run one process")
        }
        return problems
    }

    /// A metrics record's figures over `e`: step, part, mean loss and its parts, accuracies.
    private func metricFields(step: Int, part: String, _ e: Evaluation) -> [(String, MetricValue?)] {
        var fields: [(String, MetricValue?)] = [("step", .int(step)), ("part", .text(part)), ("loss", .number(e.meanLoss))]
        for part in e.parts { fields.append(("\(part.name)_loss", .number(part.value / Double(e.batches)))) }
        fields.append(("masked_accuracy", e.predictionAccuracy.map(MetricValue.number)))
        if e.judged > 0 {
            fields += [("discriminator_accuracy", e.discriminatorAccuracy.map(MetricValue.number)),
                       ("discriminator_auc", e.discriminatorAUC.map(MetricValue.number)),
                       ("replaced_share", .number(Double(e.replaced) / Double(e.judged)))]
        }
        if let routing = e.routing {
            // Per expert, the share of routed tokens (over all sparse layers) whose top choice it was; then the share dropped.
            for (expert, share) in routing.load.enumerated() { fields.append(("expert_\(expert)_load", .number(share))) }
            fields.append(("dropped_tokens_share", .number(routing.droppedShare)))
        }
        return fields
    }

    /// Writes `settings.json`, or checks that the one there is the same.
    private func recordSettings() throws {
        let path = directory + "/settings.json"
        let json = try PretrainingCheckpoint.settingsJSON(trainer.settings)
        if let existing = FileManager.default.contents(atPath: path) {
            guard existing == json else { throw PretrainingError.settingsChanged(directory: directory) }
            return
        }
        do { try json.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw PretrainingError.io(path: path, reason: error.localizedDescription)
        }
    }

    /// Restores the newest readable checkpoint; returns its step, or nil for a fresh start.
    private func resume(from folder: String, observe: (PretrainingEvent) -> Void) throws -> Int? {
        for path in PretrainingCheckpoint.paths(in: folder) {
            do {
                try PretrainingCheckpoint.restore(trainer, from: path)
                observe(.resumed(step: trainer.step, path: path))
                return trainer.step
            } catch let error as PretrainingError where error == .checkpointFromOtherSettings(path: path) {
                throw error
            } catch {
                observe(.skippedCheckpoint(path: path, reason: "\(error)"))
            }
        }
        return nil
    }

    private func pruneCheckpoints(in folder: String, keeping count: Int) throws {
        for path in PretrainingCheckpoint.paths(in: folder).dropFirst(count) { try? FileManager.default.removeItem(atPath: path) }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
