import Foundation

/// How `corpus run --executor slurm` asks for resources: array width and the `sbatch`
/// options every job gets.
public struct SlurmOptions: Sendable, Equatable {
    /// Ranks of each parallel phase (the job array's size).
    public var tasks: Int
    /// `--partition`, `--time` and `--mem`, when given.
    public var partition: String?, time: String?, memory: String?
    /// Threads per process (`--cpus-per-task` and the workers' `--workers`).
    public var cpusPerTask: Int

    /// Options for `tasks` ranks of `cpusPerTask` threads.
    public init(tasks: Int, partition: String? = nil, time: String? = nil, memory: String? = nil, cpusPerTask: Int = 1) {
        self.tasks = tasks
        self.partition = partition
        self.time = time
        self.memory = memory
        self.cpusPerTask = cpusPerTask
    }
}

/// One job a submission handed to Slurm: a phase of a stage (an array when parallel) or a
/// stage's finishing step.
public struct SubmittedJob: Codable, Sendable, Equatable {
    /// The stage, and the phase (`finish` for the finishing step).
    public var stage: String, phase: String
    /// Slurm's job id.
    public var jobID: String
    /// The ranks submitted (array indices), and how many ranks the phase has.
    public var ranks: [Int], worldSize: Int
    /// The log file of each rank: `%a` stands for the rank.
    public var log: String
    /// Whether the job is an array (parallel phase).
    public var array: Bool

    /// The log of rank `rank`.
    public func log(ofRank rank: Int) -> String { log.replacingOccurrences(of: "%a", with: String(rank)) }
}

/// The record of a run's Slurm jobs, `RUN/slurm/jobs.json`: the latest job of every phase.
public struct SlurmJobRecord: Codable, Sendable, Equatable {
    /// Format version.
    public var version = 1
    /// The jobs, in submission order.
    public var jobs: [SubmittedJob]

    /// The record's path in a run folder.
    public static func path(runDirectory: String) -> String { runDirectory + "/slurm/jobs.json" }

    /// The record of `runDirectory`, or an empty one.
    public static func read(runDirectory: String) -> SlurmJobRecord {
        guard let data = FileManager.default.contents(atPath: path(runDirectory: runDirectory)),
              let record = try? JSONDecoder().decode(SlurmJobRecord.self, from: data) else { return SlurmJobRecord(jobs: []) }
        return record
    }

    /// This record with `newer` replacing the jobs of the same stage and phase.
    public func updated(with newer: [SubmittedJob]) -> SlurmJobRecord {
        let replaced = Set(newer.map { $0.stage + "\u{0}" + $0.phase })
        return SlurmJobRecord(jobs: jobs.filter { !replaced.contains($0.stage + "\u{0}" + $0.phase) } + newer)
    }

    /// Writes the record atomically.
    public func write(runDirectory: String) throws {
        try FileManager.default.createDirectory(atPath: runDirectory + "/slurm/logs", withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try writeAtomically(Array(try encoder.encode(self)) + [0x0A], to: Self.path(runDirectory: runDirectory))
    }
}

/// Why a Slurm command failed.
public enum SlurmError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The command could not be started (not installed, not on PATH).
    case notAvailable(command: String, reason: String)
    /// The command ran and failed.
    case failed(command: String, status: Int32, output: String)

    public var description: String {
        switch self {
        case .notAvailable(let command, let reason):
            "\(command): cannot run it (\(reason)); is Slurm installed and on PATH? (Debian: slurm-client)"
        case .failed(let command, let status, let output):
            "\(command) failed with status \(status): \(output.trimmingCharacters(in: .whitespacesAndNewlines))"
        }
    }
}

/// Runs a Slurm client command and returns its standard output.
enum SlurmCommand {
    static func run(_ name: String, _ arguments: [String]) throws(SlurmError) -> String {
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = [name] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch { throw .notAvailable(command: name, reason: "\(error)") }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            if process.terminationStatus == 127 { throw .notAvailable(command: name, reason: "not found") }
            throw .failed(command: name, status: process.terminationStatus, output: String(decoding: err + out, as: UTF8.self))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `text` quoted for a POSIX shell.
    static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
