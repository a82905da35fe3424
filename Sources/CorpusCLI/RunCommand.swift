import ArgumentParser
import CorpusCore
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

    @Option(help: "local (run here, the default) or slurm (submit every unfinished stage as chained jobs and return).")
    var executor: Executor = .local

    @OptionGroup(title: "Slurm (with --executor slurm)")
    var slurm: SlurmArguments

    @OptionGroup(title: "One cluster process (what the submitted jobs run)")
    var worker: WorkerArguments

    enum Executor: String, ExpressibleByArgument, CaseIterable {
        case local, slurm
    }

    func validate() throws {
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
        guard progressInterval > 0 else { throw ValidationError("--progress-interval must be positive") }
        guard slurm.tasks >= 1 else { throw ValidationError("--tasks must be at least 1") }
        try worker.validate()
        if worker.stage != nil && (executor == .slurm || from != nil) {
            throw ValidationError("--stage runs one process's share of a stage; it goes with neither --executor slurm nor --from")
        }
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
            if let stage = worker.stage {
                if worker.finish {
                    try runner.finishStage(stage)
                } else if let phase = worker.phase {
                    try runner.runWorker(stage: stage, scope: WorkerScope(phase: phase, rank: worker.rank, worldSize: worker.worldSize))
                    terminal.line("\(stage) \(phase): rank \(worker.rank) of \(worker.worldSize) done")
                }
                return
            }
            if executor == .slurm {
                try submit(runner, terminal: terminal)
                return
            }
            try runner.run()
        } catch let error as PipelineConfigError {
            terminal.line("error: \(error)")
            throw ExitCode.validationFailure
        } catch let error as StageRunError {
            terminal.line("error: \(error)")
            throw ExitStatus.tryAgain
        } catch let error as SlurmError {
            terminal.line("error: \(error)")
            throw ExitStatus.unavailable
        } catch let error as ValidationError {
            throw error
        } catch {
            terminal.clearLive()
            terminal.line("error: \(error)")
            throw ExitStatus.cannotCreate
        }
        progress.finish(runDirectory: runner.runDirectory)
    }

    /// Submits the unfinished stages to Slurm and says what was submitted.
    private func submit(_ runner: PipelineRunner, terminal: Terminal) throws {
        let absolute = { (path: String) in URL(filePath: path, relativeTo: URL(filePath: FileManager.default.currentDirectoryPath + "/")).standardizedFileURL.path }
        guard let filters = FiltersDirectory.locate(explicit: filtersDir) else {
            throw ValidationError("no Filters folder found; pass --filters-dir")
        }
        var cluster = runner
        cluster.runDirectory = absolute(runner.runDirectory)
        let binary = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? absolute(CommandLine.arguments[0])
        let options = SlurmOptions(tasks: slurm.tasks, partition: slurm.partition, time: slurm.time, memory: slurm.mem,
                                   cpusPerTask: workers ?? 1)
        let jobs = try SlurmSubmitter(runner: cluster, options: options, binary: binary, configPath: absolute(config),
                                      filtersDirectory: absolute(filters)).submit()
        if jobs.isEmpty {
            terminal.line("every stage is done; nothing submitted (\(cluster.runDirectory))")
            return
        }
        for job in jobs {
            let ranks = job.array ? " ranks \(job.ranks.map(String.init).joined(separator: ",")) of \(job.worldSize)" : ""
            terminal.line("submitted \(job.jobID): \(job.stage) \(job.phase)\(ranks)")
        }
        terminal.line("follow it with: corpus status \(cluster.runDirectory)")
    }
}

/// `corpus run --executor slurm` resources.
struct SlurmArguments: ParsableArguments {
    @Option(help: "Ranks per parallel phase: the size of each job array.")
    var tasks = 4

    @Option(help: "Slurm partition (sbatch --partition).")
    var partition: String?

    @Option(help: "Time limit per job (sbatch --time), e.g. 1:00:00.")
    var time: String?

    @Option(help: "Memory per job (sbatch --mem), e.g. 4G.")
    var mem: String?
}

/// The flags a submitted job runs `corpus run` with.
struct WorkerArguments: ParsableArguments {
    @Option(help: ArgumentHelp("Run only this stage's share given by --phase/--rank/--world-size, or --finish it.", visibility: .hidden))
    var stage: String?

    @Option(help: ArgumentHelp("The stage's phase to run.", visibility: .hidden))
    var phase: String?

    @Option(help: ArgumentHelp("This process's rank in the phase.", visibility: .hidden))
    var rank = 0

    @Option(help: ArgumentHelp("How many processes share the phase.", visibility: .hidden))
    var worldSize = 1

    @Flag(help: ArgumentHelp("Finish the stage: merge its tasks' figures once all are done.", visibility: .hidden))
    var finish = false

    func validate() throws {
        guard stage != nil || (phase == nil && !finish) else { throw ValidationError("--phase and --finish need --stage") }
        if stage != nil && (phase == nil) == !finish { throw ValidationError("--stage needs exactly one of --phase and --finish") }
        do { _ = try WorkSplit(rank: rank, worldSize: worldSize) } catch { throw ValidationError("\(error)") }
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
        // A training task's rates count from its first reported step, shown or not.
        if let step = progress.steps, stepsAtTaskStart == nil { stepsAtTaskStart = (step, progress.tokens, now) }
        guard !quiet, (now - lastShown).seconds >= interval else { return }
        lastShown = now
        let seconds = max((now - taskStarted).seconds, 1e-9)
        if let step = progress.steps, let total = progress.totalSteps {
            let (firstStep, firstTokens, since) = stepsAtTaskStart ?? (step, progress.tokens, now)
            let elapsed = max((now - since).seconds, 1e-9)
            // A stage with several trainings (fine-tuning seeds) names the one running.
            var text = progress.task == "train" ? "" : progress.task + "  "
            text += "step \(Format.count(step))/\(Format.count(total))  loss \(Format.fixed(progress.loss ?? .nan, 4))"
            // Until a second step has been seen there is no rate to show, rather than a zero.
            if step > firstStep {
                let perStep = elapsed / Double(step - firstStep)
                text += progress.tokens > firstTokens
                    ? "  \(Format.count(Int(Double(progress.tokens - firstTokens) / elapsed))) tokens/s"
                    : "  \(Format.fixed(1 / perStep, 1)) steps/s"
                text += "  ETA \(Format.duration(perStep * Double(total - step)))"
            }
            lock.withLock { terminal.progress(text, label: stageLabel, fraction: Double(step) / Double(max(total, 1))) }
            return
        }
        var text = "\(progress.task)  \(Format.count(progress.documents)) docs"
        // Rates over the first moments of a task say nothing (and can be absurd): wait 0.1 s.
        let timed = seconds >= 0.1
        if timed {
            text += "  \(Format.fixed(Double(progress.documents) / seconds, 0)) docs/s  \(Format.fixed(Double(progress.bytes) / seconds / 1e6, 1)) MB/s"
        }
        if timed && progress.tokens > 0 { text += "  \(Format.fixed(Double(progress.tokens) / seconds / 1e6, 2)) M tokens/s" }
        if timed, let total = progress.totalBytes, progress.bytes > 0 {
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
        if let tuned = statistics.instruction {
            line = "\(stageLabel) done in \(Format.fixed(statistics.seconds, 2)) s: \(Format.count(tuned.steps)) steps; held-out "
                + "\(tuned.heldoutTasks.joined(separator: ", ")) accuracy \(Format.fixed(100 * tuned.zeroShot.accuracy, 1)) zero-shot, "
                + "\(Format.fixed(100 * tuned.final.accuracy, 1)) tuned"
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
