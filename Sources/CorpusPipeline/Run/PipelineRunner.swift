import CorpusIngest
import CorpusReport
import Foundation

/// Runs a pipeline's stages in order, each in its own folder of the run folder
/// (`runs/NAME/01-read`, `02-clean`, ...), skipping what an earlier run with the same settings
/// finished, and writing `stats.json` after every stage.
///
/// A stage is done when `.done/stage.json` in its folder carries the stage's current
/// fingerprint (its settings, the seed, its inputs' identity, the fingerprints of the stages it
/// reads). A folder whose markers carry another fingerprint, or none, is emptied before the
/// stage runs; otherwise only its unfinished tasks run. So a run killed at any point and
/// started again ends with the same bytes as one that never stopped, and a changed setting
/// re-runs its stage and every stage after it.
public struct PipelineRunner {
    /// The checked config.
    public let config: PipelineConfig
    /// The run folder (default `runs/NAME`).
    public var runDirectory: String
    /// Threads per stage; the output is the same for any count.
    public var workers: Int
    /// Re-run from this stage on, even if it is done.
    public var from: String?
    /// Where the rule data lies.
    public var environment: PipelineEnvironment
    /// Told about progress; nil for none.
    public var observer: (any PipelineObserver)?

    /// The file of the run's statistics inside the run folder.
    public static let statisticsFile = "stats.json"
    /// The self-contained page rendered from the statistics after every stage.
    public static let reportFile = "report.html"

    /// A runner for `config`; `workers` nil means the config's `workers`, else all cores.
    public init(config: PipelineConfig, runDirectory: String? = nil, workers: Int? = nil, from: String? = nil,
                environment: PipelineEnvironment, observer: (any PipelineObserver)? = nil) {
        self.config = config
        self.runDirectory = runDirectory ?? "runs/\(config.name)"
        self.workers = workers ?? config.workers ?? ParallelMap.availableCores
        self.from = from
        self.environment = environment
        self.observer = observer
    }

    /// The folder of stage `index` (0-based): `NN-name`.
    public func folder(ofStage index: Int) -> String {
        runDirectory + "/" + String(101 + index).dropFirst() + "-" + config.stages[index].name
    }

    /// Every stage made and checked (input paths, presets, methods) without reading any input.
    public func prepare() throws(PipelineConfigError) -> [any PipelineStage] {
        if let from, config.stage(named: from) == nil {
            throw PipelineConfigError(path: config.path, line: 0, message: "--from \(from): no stage has that name "
                + "(stages: \(config.stages.map(\.name).joined(separator: ", ")))")
        }
        guard workers >= 1 else { throw PipelineConfigError(path: config.path, line: 0, message: "--workers must be at least 1") }
        var stages: [any PipelineStage] = []
        for stage in config.stages {
            do {
                stages.append(try stage.settings.makeStage(stage, config: config, environment: environment))
            } catch {
                throw PipelineConfigError(path: config.path, line: error.line, message: error.message)
            }
        }
        return stages
    }

    /// Runs every stage that is not done; returns the run's statistics (also in `stats.json`).
    @discardableResult
    public func run() throws -> RunStatistics {
        let stages = try prepare()
        try FileManager.default.createDirectory(atPath: runDirectory, withIntermediateDirectories: true)
        try removeTemporaryFiles(in: runDirectory)
        if let from, let start = config.stages.firstIndex(where: { $0.name == from }) {
            for index in start..<config.stages.count { try removeIfPresent(folder(ofStage: index)) }
        }
        var statistics = RunStatistics(pipeline: config.name, configPath: config.path, seed: config.seed)
        var fingerprints: [String: String] = [:]
        for (index, (stage, runnable)) in zip(config.stages, stages).enumerated() {
            let folder = self.folder(ofStage: index)
            let upstream = [stage.input, stage.tokenizer].compactMap { $0.flatMap { fingerprints[$0] } }
            let fingerprint = Fingerprint.stage(stage, seed: config.seed, upstream: upstream, identity: runnable.identity)
            fingerprints[stage.name] = fingerprint
            if let done = TaskMarker.read(folder: folder, task: "stage"), done.fingerprint == fingerprint {
                observer?.stageSkipped(stage, index: index, count: stages.count)
                statistics.stages.append(done.statistics)
                try write(statistics)
                continue
            }
            let resumed = try prepareFolder(folder, fingerprint: fingerprint)
            observer?.stageStarted(stage, index: index, count: stages.count, resumed: resumed)
            let context = makeContext(index: index, fingerprint: fingerprint, phases: runnable.phases)
            let figures = try runnable.run(context)
            try TaskMarker(task: "stage", fingerprint: fingerprint, statistics: figures).write(folder: folder)
            statistics.stages.append(figures)
            try write(statistics)
            observer?.stageFinished(figures)
        }
        return statistics
    }

    /// The context of stage `index`: its folders, and for a cluster process its phase and rank.
    func makeContext(index: Int, fingerprint: String, phases: [StagePhase], worker: WorkerScope? = nil,
                     finishing: Bool = false) -> StageContext {
        let stage = config.stages[index]
        func folderOf(_ name: String?) -> String? {
            name.flatMap { name in config.stages.firstIndex { $0.name == name }.map(self.folder(ofStage:)) }
        }
        return StageContext(stage: stage, pipeline: config.name, folder: folder(ofStage: index), runDirectory: runDirectory,
                            inputFolder: folderOf(stage.input), tokenizerFolder: folderOf(stage.tokenizer),
                            weightsFolder: folderOf(stage.weights), workers: workers, fingerprint: fingerprint,
                            observer: observer, phases: phases, worker: worker, finishing: finishing)
    }

    /// Empties `folder` unless it holds markers of this very fingerprint (and nothing else),
    /// removes temporary files a killed run left, and creates it. Returns whether finished
    /// tasks were kept.
    func prepareFolder(_ folder: String, fingerprint: String) throws -> Bool {
        let markers = TaskMarker.all(in: folder)
        let keep = !markers.isEmpty && markers.allSatisfy { $0.fingerprint == fingerprint }
        if keep {
            try removeTemporaryFiles(in: folder)
            try removeTemporaryFiles(in: TaskMarker.directory(of: folder))
        } else {
            try removeIfPresent(folder)
        }
        try FileManager.default.createDirectory(atPath: TaskMarker.directory(of: folder), withIntermediateDirectories: true)
        return keep
    }

    /// Removes the temporary files (`.NAME.tmp-PID`) a killed run left in `directory`.
    func removeTemporaryFiles(in directory: String) throws {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasPrefix(".") && name.contains(".tmp") {
            try removeIfPresent(directory + "/" + name)
        }
    }

    private func removeIfPresent(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        try FileManager.default.removeItem(atPath: path)
    }

    /// Writes `stats.json` and the `report.html` rendered from it, each atomically.
    func write(_ statistics: RunStatistics) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try writeAtomically(Array(try encoder.encode(statistics)) + [0x0A], to: runDirectory + "/" + Self.statisticsFile)
        try writeAtomically(Array(ReportPage.html(statistics).utf8), to: runDirectory + "/" + Self.reportFile)
    }
}
