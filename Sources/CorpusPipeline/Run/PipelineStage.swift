import CorpusReport
import Foundation

/// One kind of stage, ready to run: made from its settings by `StageSettings.makeStage`, which
/// checks everything it will need (input paths, presets, methods) before any input is read.
///
/// A stage splits its work into named tasks; `StageContext.task` runs each one that has no
/// current completion marker and records its figures. A new kind of stage (pretraining) is a
/// new conformance plus a `StageSettings` case.
public protocol PipelineStage {
    /// What decides this stage's output besides its settings and upstream stages (input file
    /// sizes and dates, a preset file's content), for its fingerprint.
    var identity: [String] { get }

    /// The stage's phases in order, for cluster runs: every task names one of them.
    var phases: [StagePhase] { get }

    /// Runs the unfinished tasks in `context.folder` and returns the stage's figures, merged
    /// from every task's in task order (so a resumed run reports what an uninterrupted one does).
    func run(_ context: StageContext) throws -> StageStatistics
}

extension PipelineStage {
    /// One serial phase: the tasks run one after another on one process.
    public var phases: [StagePhase] { [.main] }
}

/// Everything a stage needs while it runs: its folder, the folders it reads, the thread count,
/// the completion markers of its tasks, and the observer to report progress to.
public final class StageContext {
    /// The stage being run.
    public let stage: StageConfig
    /// The stage's folder (`runs/NAME/03-dedup`).
    public let folder: String
    /// The run folder.
    public let runDirectory: String
    /// The pipeline's name.
    public let pipeline: String
    /// The folder of the stage whose documents it reads, and of the tokenizer it uses.
    public let inputFolder: String?, tokenizerFolder: String?
    /// The folder of the earlier pretrain stage whose weights a pretrain stage starts from.
    public let weightsFolder: String?
    /// Threads the stage may use; its output does not depend on it.
    public let workers: Int
    /// The stage's fingerprint: markers carrying another are stale.
    let fingerprint: String
    let observer: (any PipelineObserver)?
    private(set) var tasksRun = 0
    /// Set for a cluster process: the one phase and rank share it runs.
    let worker: WorkerScope?
    /// Set when the stage is being finished: every task must already be done.
    let finishing: Bool
    /// The stage's phases, in order.
    let phases: [StagePhase]
    private var tasksSeen: [String: Int] = [:]

    /// Whether this process runs only a share of the stage (a cluster worker): work that must
    /// happen once all tasks are done (removing work files) is left to the finishing run.
    public var isWorker: Bool { worker != nil }

    init(stage: StageConfig, pipeline: String, folder: String, runDirectory: String, inputFolder: String?, tokenizerFolder: String?,
         weightsFolder: String? = nil, workers: Int, fingerprint: String, observer: (any PipelineObserver)?,
         phases: [StagePhase] = [.main], worker: WorkerScope? = nil, finishing: Bool = false) {
        self.stage = stage
        self.pipeline = pipeline
        self.folder = folder
        self.runDirectory = runDirectory
        self.inputFolder = inputFolder
        self.tokenizerFolder = tokenizerFolder
        self.weightsFolder = weightsFolder
        self.workers = workers
        self.fingerprint = fingerprint
        self.observer = observer
        self.phases = phases
        self.worker = worker
        self.finishing = finishing
    }

    /// The document files of the input stage, sorted (`part-00000.jsonl`, ...).
    public func inputParts() -> [String] {
        guard let inputFolder else { return [] }
        return DocumentParts.list(in: inputFolder).map { inputFolder + "/" + $0 }
    }

    /// The figures of `name` if it already finished with the current settings; otherwise runs
    /// `body` (which must leave its output complete and in place), then writes the marker.
    /// `phase` names the stage phase the task belongs to (one of the stage's `phases`).
    ///
    /// In a cluster worker, a task of another rank is passed over (empty figures), a task of an
    /// earlier phase must be done, and the first task of a later phase ends the worker's run.
    public func task(_ name: String, phase: String = StagePhase.main.name, _ body: () throws -> StageStatistics) throws -> StageStatistics {
        // A task's rank comes from its position in its phase, counted whether or not it is done.
        var mine = true
        if let worker {
            let order = phases.map(\.name)
            guard let index = order.firstIndex(of: phase) else {
                preconditionFailure("task \(name) names phase \(phase), not one of the stage's \(order)")
            }
            let position = tasksSeen[phase, default: 0]
            tasksSeen[phase] = position + 1
            mine = order[index] == worker.phase && (!phases[index].parallel || position % worker.worldSize == worker.rank)
        }
        if let marker = TaskMarker.read(folder: folder, task: name), marker.fingerprint == fingerprint {
            return marker.statistics
        }
        if finishing { throw StageRunError.taskUnfinished(stage: stage.name, task: name) }
        if let worker, !mine {
            let order = phases.map(\.name)
            let (this, target) = (order.firstIndex(of: phase) ?? 0, order.firstIndex(of: worker.phase) ?? 0)
            if this < target { throw StageRunError.earlierPhaseUnfinished(stage: stage.name, phase: phase, task: name) }
            if this > target { throw PhaseFinished() }
            return emptyStatistics()
        }
        let clock = ContinuousClock()
        let started = clock.now
        var statistics = try body()
        let elapsed = (clock.now - started).components
        statistics.seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        try TaskMarker(task: name, fingerprint: fingerprint, statistics: statistics).write(folder: folder)
        tasksRun += 1
        return statistics
    }

    /// Reports a training task's progress: `step` of `totalSteps`, tokens trained on, the latest loss.
    public func progress(task: String, step: Int, of totalSteps: Int, tokens: Int, loss: Double) {
        observer?.progress(StageProgress(stage: stage.name, task: task, taskIndex: 0, tasks: 1, documents: 0, bytes: 0, tokens: tokens,
                                         totalBytes: nil, steps: step, totalSteps: totalSteps, loss: loss))
    }

    /// Reports progress of task `task` (index `index` of `tasks`).
    public func progress(task: String, index: Int, of tasks: Int, documents: Int, bytes: Int64, tokens: Int = 0, totalBytes: Int64? = nil) {
        observer?.progress(StageProgress(stage: stage.name, task: task, taskIndex: index, tasks: tasks,
                                         documents: documents, bytes: bytes, tokens: tokens, totalBytes: totalBytes))
    }

    /// Reports a skipped record or unreadable file.
    public var onProblem: @Sendable (String) -> Void {
        let observer = observer
        return { observer?.problem($0) }
    }

    /// Empty statistics for this stage.
    public func emptyStatistics() -> StageStatistics {
        StageStatistics(name: stage.name, type: stage.settings.type, seconds: 0,
                        flow: Flow(documentsIn: 0, documentsOut: 0, bytesIn: 0, bytesOut: 0))
    }
}

/// The naming of document files between stages: `part-NNNNN.jsonl`.
public enum DocumentParts {
    /// The name of part `index`.
    public static func name(_ index: Int) -> String { "part-" + String(100_000 + index).dropFirst() + ".jsonl" }

    /// The part files in `folder`, sorted.
    public static func list(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasPrefix("part-") && $0.hasSuffix(".jsonl") }.sorted()
    }
}
