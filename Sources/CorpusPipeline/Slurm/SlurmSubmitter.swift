import Foundation

/// Submits a pipeline to Slurm: each stage that is not done becomes a chain of jobs, one per
/// phase (a job array with one element per rank for a parallel phase, one job for a serial
/// one) and a last job that finishes the stage; each job waits for the one before it
/// (`afterok`). Only ranks without a completion marker are submitted, so running the same
/// command again after failures submits just what is missing. The jobs run `corpus run` in
/// worker mode, so their output is the bytes a local run writes.
public struct SlurmSubmitter {
    /// The runner whose config and run folder are submitted.
    public let runner: PipelineRunner
    /// Array width and resources.
    public let options: SlurmOptions
    /// The `corpus` binary the jobs run, the config, and the rule data folder, as absolute paths.
    public let binary: String, configPath: String, filtersDirectory: String

    /// A submitter of `runner`'s pipeline.
    public init(runner: PipelineRunner, options: SlurmOptions, binary: String, configPath: String, filtersDirectory: String) {
        self.runner = runner
        self.options = options
        self.binary = binary
        self.configPath = configPath
        self.filtersDirectory = filtersDirectory
    }

    /// Submits every unfinished stage's jobs; returns them (also recorded in `RUN/slurm/jobs.json`).
    public func submit() throws -> [SubmittedJob] {
        let plans = try runner.plan()
        var submitted: [SubmittedJob] = []
        var last: String?
        try FileManager.default.createDirectory(atPath: logDirectory, withIntermediateDirectories: true)
        for plan in plans where !plan.done {
            _ = try runner.prepareForJobs(plan)
            for phase in plan.phases {
                let worldSize = phase.parallel ? options.tasks : 1
                let ranks = (0..<worldSize).filter { !runner.rankDone(plan, phase: phase.name, rank: $0, worldSize: worldSize) }
                guard !ranks.isEmpty else { continue }
                let job = try sbatch(plan, phase: phase.name, ranks: ranks, worldSize: worldSize, array: phase.parallel, after: last)
                submitted.append(job)
                last = job.jobID
            }
            let finish = try sbatch(plan, phase: "finish", ranks: [0], worldSize: 1, array: false, after: last)
            submitted.append(finish)
            last = finish.jobID
        }
        if !submitted.isEmpty {
            try SlurmJobRecord.read(runDirectory: runner.runDirectory).updated(with: submitted).write(runDirectory: runner.runDirectory)
        }
        return submitted
    }

    private var logDirectory: String { runner.runDirectory + "/slurm/logs" }

    /// One `sbatch --parsable` call for `phase` of `plan`.
    private func sbatch(_ plan: StagePlan, phase: String, ranks: [Int], worldSize: Int, array: Bool, after: String?) throws -> SubmittedJob {
        let stem = logDirectory + "/" + URL(filePath: plan.folder).lastPathComponent + "-" + phase
        let log = stem + (array ? "-%a.log" : "-0.log")
        var command = [binary, "run", configPath, "--run-dir", runner.runDirectory, "--filters-dir", filtersDirectory,
                       "--workers", String(options.cpusPerTask), "--stage", plan.name].map(SlurmCommand.quoted)
        if phase == "finish" {
            command.append("--finish")
        } else {
            command += ["--phase", SlurmCommand.quoted(phase), "--rank", array ? "$SLURM_ARRAY_TASK_ID" : "0",
                        "--world-size", String(worldSize)]
        }
        var arguments = ["--parsable", "--job-name", "corpus-\(runner.config.name)-\(plan.name)-\(phase)",
                         "--output", log, "--cpus-per-task", String(options.cpusPerTask)]
        if array { arguments += ["--array", ranks.map(String.init).joined(separator: ",")] }
        if let after { arguments += ["--dependency", "afterok:\(after)", "--kill-on-invalid-dep=yes"] }
        if let partition = options.partition { arguments += ["--partition", partition] }
        if let time = options.time { arguments += ["--time", time] }
        if let memory = options.memory { arguments += ["--mem", memory] }
        arguments += ["--wrap", "exec " + command.joined(separator: " ")]
        let output = try SlurmCommand.run("sbatch", arguments)
        let jobID = String(output.split(separator: ";").first ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return SubmittedJob(stage: plan.name, phase: phase, jobID: jobID, ranks: ranks, worldSize: worldSize,
                            log: array ? log : log.replacingOccurrences(of: "-0.log", with: "-%a.log"), array: array)
    }
}
