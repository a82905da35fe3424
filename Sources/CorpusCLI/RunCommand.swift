import ArgumentParser
import CorpusPipeline
import CorpusReport
import Foundation

/// `corpus run`: run a pipeline declared in YAML, resumably, in a run folder.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline (Pipelines/NAME.yaml): read, normalize, clean, dedup, tokenizer, shard.",
        discussion: """
            Each stage writes into its own folder of the run folder (default runs/NAME): \
            01-read, 02-clean, ... Finished work is marked, so running the same command again \
            after an interruption (even kill -9) redoes only what was unfinished and ends with \
            the same bytes; a changed setting re-runs its stage and every stage after it. The \
            config is checked completely before any input is read. stats.json in the run folder \
            has every stage's figures. See docs/pipeline.md.
            """
    )

    @Argument(help: "The pipeline config (YAML).")
    var config: String

    @Option(help: "The run folder (default: runs/NAME, NAME from the config).")
    var runDir: String?

    @Option(help: "Threads per stage (default: the config's `workers`, else all cores); output is identical for any count.")
    var workers: Int?

    @Option(help: "Re-run from this stage (by name) on, even if it is done.")
    var from: String?

    @Option(help: "Folder of the shipped rule data (default: $CORPUS_FILTERS, or the Filters folder of this checkout).")
    var filtersDir: String?

    @Option(help: "Seconds between progress lines when standard error is not a terminal.")
    var progressInterval: Double = 10

    @Flag(help: "No progress; only a line per stage.")
    var quiet = false

    func validate() throws {
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
        guard progressInterval > 0 else { throw ValidationError("--progress-interval must be positive") }
    }

    func run() throws {
        BLASKernels.preferFastKernels()
        let terminal = Terminal()
        let pipeline: PipelineConfig
        do {
            pipeline = try PipelineConfig.load(path: config)
        } catch {
            terminal.line("error: \(error)")
            throw ExitCode.validationFailure
        }
        let progress = RunProgress(terminal: terminal, quiet: quiet, interval: progressInterval)
        let runner = PipelineRunner(config: pipeline, runDirectory: runDir, workers: workers, from: from,
                                    environment: PipelineEnvironment(filtersDirectory: FiltersDirectory.locate(explicit: filtersDir)),
                                    observer: progress)
        do {
            try runner.run()
        } catch let error as PipelineConfigError {
            terminal.line("error: \(error)")
            throw ExitCode.validationFailure
        } catch {
            terminal.clearLive()
            terminal.line("error: \(error)")
            throw ExitStatus.cannotCreate
        }
        progress.finish(runDirectory: runner.runDirectory)
    }
}

/// Renders a pipeline's progress: a live line with a drawn bar of the stage's share done on a
/// terminal (documents/s, MB/s, tokens/s or steps and loss, ETA), plain lines with the percentage
/// every `interval` seconds otherwise, and a line per stage.
final class RunProgress: PipelineObserver, @unchecked Sendable {
    private let terminal: Terminal
    private let quiet: Bool
    private let problems: ProblemLog
    private let interval: Double
    private let clock = ContinuousClock()
    private var taskStarted: ContinuousClock.Instant
    private var lastShown: ContinuousClock.Instant
    private var currentTask = ""
    private var stepsAtTaskStart: (step: Int, tokens: Int, at: ContinuousClock.Instant)?
    private var stageLabel = ""
    private let lock = NSLock()

    init(terminal: Terminal, quiet: Bool, interval: Double) {
        self.terminal = terminal
        self.quiet = quiet
        self.interval = terminal.isInteractive ? 0.2 : interval
        problems = ProblemLog(terminal: terminal, limit: 20)
        taskStarted = clock.now
        lastShown = clock.now
    }

    func stageStarted(_ stage: StageConfig, index: Int, count: Int, resumed: Bool) {
        stageLabel = "[\(index + 1)/\(count)] \(stage.name)"
        terminal.line("\(stageLabel) (\(stage.settings.type))\(resumed ? ": resuming, finished tasks are kept" : "")")
        currentTask = ""
    }

    func stageSkipped(_ stage: StageConfig, index: Int, count: Int) {
        terminal.line("[\(index + 1)/\(count)] \(stage.name): done earlier with the same settings, skipped")
    }

    func progress(_ progress: StageProgress) {
        let now = clock.now
        if progress.task != currentTask {
            currentTask = progress.task
            taskStarted = now
            stepsAtTaskStart = nil
        }
        guard !quiet, (now - lastShown).seconds >= interval else { return }
        lastShown = now
        let seconds = max((now - taskStarted).seconds, 1e-9)
        if let step = progress.steps, let total = progress.totalSteps {
            if stepsAtTaskStart == nil { stepsAtTaskStart = (step, progress.tokens, now) }
            let (firstStep, firstTokens, since) = stepsAtTaskStart!
            let elapsed = max((now - since).seconds, 1e-9)
            let perStep = step > firstStep ? elapsed / Double(step - firstStep) : Double.nan
            let text = "step \(Format.count(step))/\(Format.count(total))  loss \(Format.fixed(progress.loss ?? .nan, 4))  "
                + "\(Format.count(Int(Double(progress.tokens - firstTokens) / elapsed))) tokens/s  ETA \(Format.duration(perStep * Double(total - step)))"
            lock.withLock { terminal.progress(text, label: stageLabel, fraction: Double(step) / Double(max(total, 1))) }
            return
        }
        var text = "\(progress.task)  \(Format.count(progress.documents)) docs  "
            + "\(Format.fixed(Double(progress.documents) / seconds, 0)) docs/s  \(Format.fixed(Double(progress.bytes) / seconds / 1e6, 1)) MB/s"
        if progress.tokens > 0 { text += "  \(Format.fixed(Double(progress.tokens) / seconds / 1e6, 2)) M tokens/s" }
        if let total = progress.totalBytes, progress.bytes > 0 {
            text += "  ETA \(Format.duration(Double(total - progress.bytes) / (Double(progress.bytes) / seconds)))"
        }
        lock.withLock { terminal.progress(text, label: stageLabel, fraction: Self.stageFraction(
            taskIndex: progress.taskIndex, tasks: progress.tasks, bytes: progress.bytes, totalBytes: progress.totalBytes)) }
    }

    /// The share of the stage done: finished tasks plus the running task's share of its bytes;
    /// nil when a single task's size is unknown.
    static func stageFraction(taskIndex: Int, tasks: Int, bytes: Int64, totalBytes: Int64?) -> Double? {
        let within = totalBytes.map { Double(bytes) / Double(max($0, 1)) }
        guard tasks > 1 || within != nil else { return nil }
        return (Double(taskIndex) + min(within ?? 0, 1)) / Double(max(tasks, 1))
    }

    func problem(_ message: String) {
        lock.withLock { problems.report(message) }
    }

    func stageFinished(_ statistics: StageStatistics) {
        let flow = statistics.flow
        var line = "\(stageLabel) done in \(Format.fixed(statistics.seconds, 2)) s: \(Format.count(flow.documentsIn)) documents in, "
            + "\(Format.count(flow.documentsOut)) out"
        if let tokenizer = statistics.tokenizer {
            line += "; vocabulary \(tokenizer.vocabSize), \(Format.fixed(tokenizer.tokensPerWord, 2)) tokens per word"
        }
        if let curves = statistics.training, let last = curves.steps.last {
            line = "\(stageLabel) done in \(Format.fixed(statistics.seconds, 2)) s: \(Format.count(last)) steps"
            if let loss = curves.series["loss"]?.last { line += ", final train loss \(Format.fixed(loss, 4))" }
        }
        if let compute = statistics.compute {
            line += String(format: "; %.4g FLOPs per step (%@), %.4g in all", compute.flopsPerStep, compute.objective, compute.totalFLOPs)
            if let matched = compute.matchedStage { line += ", steps matched to \(matched)'s FLOPs" }
        }
        if let finetuning = statistics.finetuning {
            line = "\(stageLabel) done in \(Format.fixed(statistics.seconds, 2)) s: " + finetuning.tasks.map { task in
                "\(task.name) median \(task.metric) \(Format.fixed(100 * task.ranked.median, 1)) over \(task.seeds.count) seeds"
            }.joined(separator: ", ")
        }
        if let shards = statistics.shards {
            line += "; " + shards.splits.keys.sorted().map { "\($0): \(Format.count(shards.splits[$0]?.tokens ?? 0)) tokens" }.joined(separator: ", ")
        }
        terminal.line(line)
    }

    func finish(runDirectory: String) {
        problems.finish()
        terminal.line("finished: \(runDirectory) (figures in \(runDirectory)/\(PipelineRunner.statisticsFile))")
    }
}
