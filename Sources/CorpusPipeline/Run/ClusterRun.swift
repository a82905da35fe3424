import CorpusReport
import Foundation

/// A stage as a cluster run plans it: where it works, its fingerprint, its phases, and whether
/// an earlier run finished it with the current settings.
public struct StagePlan: Sendable {
    /// The stage's name and type.
    public var name: String, type: String
    /// Its position (0-based) and folder in the run folder.
    public var index: Int, folder: String
    /// Its fingerprint (settings, seed, upstream, inputs).
    public var fingerprint: String
    /// Its phases, in order.
    public var phases: [StagePhase]
    /// Whether it is done with the current fingerprint.
    public var done: Bool
}

extension PipelineRunner {
    /// Every stage's plan, in order; nothing is read or written.
    public func plan() throws -> [StagePlan] {
        let stages = try prepare()
        var fingerprints: [String: String] = [:]
        var plans: [StagePlan] = []
        for (index, (stage, runnable)) in zip(config.stages, stages).enumerated() {
            let upstream = [stage.input, stage.tokenizer].compactMap { $0.flatMap { fingerprints[$0] } }
            let fingerprint = Fingerprint.stage(stage, seed: config.seed, upstream: upstream, identity: runnable.identity)
            fingerprints[stage.name] = fingerprint
            let folder = folder(ofStage: index)
            let done = TaskMarker.read(folder: folder, task: "stage")?.fingerprint == fingerprint
            plans.append(StagePlan(name: stage.name, type: stage.settings.type, index: index, folder: folder,
                                   fingerprint: fingerprint, phases: runnable.phases, done: done))
        }
        return plans
    }

    /// Readies a stage's folder before its jobs are submitted, as a local run does before
    /// running it: a folder whose markers carry another fingerprint is emptied, and temporary
    /// files of killed processes are removed. Returns whether finished tasks were kept.
    public func prepareForJobs(_ plan: StagePlan) throws -> Bool {
        try FileManager.default.createDirectory(atPath: runDirectory, withIntermediateDirectories: true)
        return try prepareFolder(plan.folder, fingerprint: plan.fingerprint)
    }

    /// Whether rank `rank` of `worldSize` finished its share of `phase` with the current settings.
    public func rankDone(_ plan: StagePlan, phase: String, rank: Int, worldSize: Int) -> Bool {
        let name = WorkerScope.markerName(phase: phase, rank: rank, worldSize: worldSize)
        return TaskMarker.read(folder: plan.folder, task: name)?.fingerprint == plan.fingerprint
    }

    /// Runs one cluster process's share of a stage: the tasks of `scope.phase` that fall to its
    /// rank, after checking that the stages it reads are done; then leaves the rank's marker.
    /// Temporary files are left alone, since other ranks may be writing beside it.
    public func runWorker(stage name: String, scope: WorkerScope) throws {
        let plans = try plan()
        let runnables = try prepare()
        guard let plan = plans.first(where: { $0.name == name }) else {
            throw PipelineConfigError(path: config.path, line: 0, message: "--stage \(name): no stage has that name")
        }
        guard plan.phases.contains(where: { $0.name == scope.phase }) else {
            throw StageRunError.unknownPhase(stage: name, phase: scope.phase, known: plan.phases.map(\.name))
        }
        let stage = config.stages[plan.index]
        for upstream in [stage.input, stage.tokenizer, stage.weights].compactMap({ $0 }) where !(plans.first { $0.name == upstream }?.done ?? false) {
            throw StageRunError.upstreamUnfinished(stage: name, upstream: upstream)
        }
        try FileManager.default.createDirectory(atPath: TaskMarker.directory(of: plan.folder), withIntermediateDirectories: true)
        let context = makeContext(index: plan.index, fingerprint: plan.fingerprint, phases: plan.phases, worker: scope)
        do {
            _ = try runnables[plan.index].run(context)
        } catch is PhaseFinished {}
        let marker = WorkerScope.markerName(phase: scope.phase, rank: scope.rank, worldSize: scope.worldSize)
        try TaskMarker(task: marker, fingerprint: plan.fingerprint, statistics: context.emptyStatistics()).write(folder: plan.folder)
    }

    /// Finishes a stage whose tasks the cluster ran: merges every task's figures, writes the
    /// stage's marker, and rewrites `stats.json` and `report.html` with every finished stage.
    @discardableResult
    public func finishStage(_ name: String) throws -> RunStatistics {
        let plans = try plan()
        let runnables = try prepare()
        guard let plan = plans.first(where: { $0.name == name }) else {
            throw PipelineConfigError(path: config.path, line: 0, message: "--stage \(name): no stage has that name")
        }
        if !plan.done {
            let context = makeContext(index: plan.index, fingerprint: plan.fingerprint, phases: plan.phases, finishing: true)
            let figures = try runnables[plan.index].run(context)
            try TaskMarker(task: "stage", fingerprint: plan.fingerprint, statistics: figures).write(folder: plan.folder)
            observer?.stageFinished(figures)
        }
        var statistics = RunStatistics(pipeline: config.name, configPath: config.path, seed: config.seed)
        for stage in plans {
            guard let marker = TaskMarker.read(folder: stage.folder, task: "stage"), marker.fingerprint == stage.fingerprint else { break }
            statistics.stages.append(marker.statistics)
        }
        try write(statistics)
        return statistics
    }
}
