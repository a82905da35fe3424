import ArgumentParser
import CorpusPipeline
import Foundation

/// `corpus status`: how far a run folder has got, stage by stage, with the Slurm jobs of a
/// cluster run: ranks done, running or waiting, and failed ones with their log.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a run folder's progress: stages done, and for a Slurm run each phase's ranks done, running, failed (with logs).",
        discussion: """
            A rank is done (its completion marker is there), pending or running (in squeue), failed \
            (it ran, left the queue and left no marker: its log is shown), or not run (cancelled because \
            a job it waited for failed). Exit status 0 when nothing failed, 65 when a job failed, 66 \
            when RUN_DIR is not a run folder.
            """
    )

    @Argument(help: "The run folder (runs/NAME).")
    var runDirectory: String

    func run() throws {
        let terminal = Terminal()
        let stages = ((try? FileManager.default.contentsOfDirectory(atPath: runDirectory)) ?? [])
            .filter { $0.first?.isNumber == true && $0.contains("-") }.sorted()
        guard !stages.isEmpty else {
            terminal.line("error: \(runDirectory): no stage folders (01-read, ...): not a pipeline run folder")
            throw ExitStatus.noInput
        }
        let record = SlurmJobRecord.read(runDirectory: runDirectory)
        let queue = QueueStates.current(jobs: record.jobs.map(\.jobID))
        var failures = 0
        for folder in stages {
            let path = runDirectory + "/" + folder
            let markers = ((try? FileManager.default.contentsOfDirectory(atPath: path + "/.done")) ?? []).filter { $0.hasSuffix(".json") }
            let tasks = markers.filter { $0 != "stage.json" && !$0.hasPrefix("phase-") }.count
            let name = String(folder.drop { $0 != "-" }.dropFirst())
            let done = markers.contains("stage.json")
            terminal.line("\(folder.padding(to: 16)) \(done ? "done" : "not done")  \(tasks) task\(tasks == 1 ? "" : "s") finished")
            guard !done else { continue }
            for job in record.jobs where job.stage == name {
                var counts: [String: Int] = [:]
                var failed: [String] = []
                for rank in job.ranks {
                    let marker = job.phase == "finish" ? "stage.json" : "phase-\(job.phase)-rank-\(rank)-of-\(job.worldSize).json"
                    let state: String
                    if markers.contains(marker) {
                        state = "done"
                    } else if let queued = queue.states[job.array ? "\(job.jobID)_\(rank)" : job.jobID] ?? queue.states[job.jobID] {
                        state = queued.lowercased()
                    } else if queue.available && FileManager.default.fileExists(atPath: job.log(ofRank: rank)) {
                        state = "failed"
                        failed.append("rank \(rank): \(job.log(ofRank: rank))")
                    } else if queue.available {
                        // Left the queue without running: a job it waited for failed.
                        state = "not run"
                    } else {
                        state = "unknown (no squeue)"
                    }
                    counts[state, default: 0] += 1
                }
                let summary = counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
                terminal.line("    \(job.phase.padding(to: 14)) job \(job.jobID): \(summary) (of \(job.ranks.count) submitted)")
                for line in failed { terminal.line("        failed \(line)") }
                failures += failed.count
            }
        }
        if failures > 0 {
            terminal.line("\(failures) failed; run the same corpus run --executor slurm command again to resubmit what is missing")
            throw ExitStatus.dataError
        }
    }
}

/// The Slurm queue's view of some jobs: state per job id (`123`, or `123_4` for an array element).
struct QueueStates {
    var states: [String: String]
    /// Whether squeue answered (false: Slurm is not reachable, states are unknown).
    var available: Bool

    static func current(jobs: [String]) -> QueueStates {
        guard !jobs.isEmpty else { return QueueStates(states: [:], available: true) }
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = ["squeue", "-h", "-r", "-o", "%i %T", "-j", jobs.joined(separator: ",")]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return QueueStates(states: [:], available: false) }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // squeue exits non-zero when none of the ids is known any more: all have left the queue.
        guard process.terminationStatus == 0 || process.terminationStatus == 1 else { return QueueStates(states: [:], available: false) }
        var states: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2 { states[String(fields[0])] = String(fields[1]) }
        }
        return QueueStates(states: states, available: true)
    }
}
