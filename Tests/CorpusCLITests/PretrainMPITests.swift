import Foundation
import Testing

/// Open MPI's launcher, when installed (Debian: openmpi-bin; scripts/setup.sh installs it).
let mpirun: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
    .map { $0 + "/mpirun" }.first { FileManager.default.isExecutableFile(atPath: $0) }

/// Runs `mpirun -np processes corpus ARGS` (allowed as root, more processes than cores allowed).
func corpusUnderMPI(processes: Int, _ arguments: [String]) throws -> Run {
    let process = Process()
    process.executableURL = URL(filePath: mpirun!)
    process.arguments = ["--oversubscribe", "-np", "\(processes)", binary] + arguments
    process.environment = ProcessInfo.processInfo.environment.merging(
        ["OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1", "CORPUS_PROGRESS": "lines"]) { $1 }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile(), stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
}

@Suite("corpus pretrain under mpirun: data-parallel processes", .serialized,
       .enabled(if: mpirun != nil, "mpirun is not installed (Debian: apt-get install openmpi-bin libopenmpi-dev, or scripts/setup.sh)"))
struct PretrainMPITests {
    static let config = """
        version: 1
        objective: rtd
        preset: electra-tiny
        model: {embedding: 16, discriminator: {hidden: 32, layers: 1, heads: 2, feed_forward: 64}}
        data: {sequence_length: 32}
        training: {batch_size: 4, steps: 8, warmup_steps: 2, learning_rate: 1.0e-3}
        run: {log_every: 2, evaluate_every: 4, checkpoint_every: 4, evaluation_batches: 2}

        """

    /// Shards with an ELECTRA tokenizer, made by `corpus run`, and a tiny ELECTRA config beside them.
    static func prepare() throws -> (fixture: PipelineFixture, data: String, config: String) {
        let yaml = PipelineFixture.yaml.replacingOccurrences(of: "{type: tokenizer, vocab_size: 200, threads: 1}",
                                                             with: "{type: tokenizer, vocab_size: 200, threads: 1, special: electra}")
        let fixture = try PipelineFixture(documentsPerFile: 200, yaml: yaml)
        let run = fixture.runDirectory("run")
        let made = try corpus(["run", fixture.config, "--run-dir", run, "--workers", "1"])
        try #require(made.status == 0, "\(made.stderr)")
        let config = fixture.directory.appending(path: "rtd.yaml").path
        try Self.config.write(toFile: config, atomically: true, encoding: .utf8)
        return (fixture, run + "/05-shard", config)
    }

    /// A run folder's metrics records without the wall-clock throughput.
    static func records(_ folder: String) throws -> [[String: Any]] {
        try lines(folder + "/metrics.jsonl").map { line in
            var record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            record["tokens_per_second"] = nil
            return record
        }
    }

    /// Whether two runs' records agree: same keys and texts, numbers within `tolerance` relative.
    static func agree(_ a: [[String: Any]], _ b: [[String: Any]], tolerance: Double) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in
            Set(x.keys) == Set(y.keys) && x.allSatisfy { key, value in
                if let p = value as? Double, let q = y[key] as? Double { return abs(p - q) <= tolerance * max(abs(p), abs(q), 1e-3) }
                return "\(value)" == "\(y[key]!)"
            }
        }
    }

    @Test("two processes give one process's loss curve within float32 tolerance, rank 0 alone talks, a stopped run resumes bit for bit, and an uneven split is refused")
    func twoProcessesMatchOne() throws {
        let (fixture, data, config) = try Self.prepare()
        defer { fixture.remove() }
        let one = fixture.runDirectory("one"), two = fixture.runDirectory("two"), staged = fixture.runDirectory("staged")
        let single = try corpus(["pretrain", "--config", config, "--data", data, "-o", one, "--threads", "2"])
        try #require(single.status == 0, "\(single.stderr)")
        let parallel = try corpusUnderMPI(processes: 2, ["pretrain", "--config", config, "--data", data, "-o", two])
        try #require(parallel.status == 0, "\(parallel.stdout)\(parallel.stderr)")
        let said = parallel.stdout + parallel.stderr
        #expect(said.components(separatedBy: "done: ").count == 2, "one rank reports:\n\(said)")
        #expect(said.contains("in each of 2 data-parallel processes (2 sequences each per step)"))
        let a = try Self.records(one), b = try Self.records(two)
        #expect(a.count == 4 + 2)
        #expect(Self.agree(a, b, tolerance: 1e-5), "one process:\n\(a)\ntwo processes:\n\(b)")

        // Stopped at a logging step: the train record's window of steps is whole on both sides of the stop.
        let first = try corpusUnderMPI(processes: 2, ["pretrain", "--config", config, "--data", data, "-o", staged, "--stop-after", "4"])
        try #require(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect((first.stdout + first.stderr).contains("stopped at step 4 of 8"))
        let second = try corpusUnderMPI(processes: 2, ["pretrain", "--config", config, "--data", data, "-o", staged])
        try #require(second.status == 0, "\(second.stdout)\(second.stderr)")
        #expect((second.stdout + second.stderr).contains("resumed at step 4"))
        #expect(try lines(staged + "/metrics.jsonl").map { $0.replacing(/, "tokens_per_second": [0-9.e+]+/, with: "") }
            == lines(two + "/metrics.jsonl").map { $0.replacing(/, "tokens_per_second": [0-9.e+]+/, with: "") })

        // Three processes cannot share a batch of 4: refused with what to do, before anything is written.
        let three = fixture.runDirectory("three")
        let refused = try corpusUnderMPI(processes: 3, ["pretrain", "--config", config, "--data", data, "-o", three])
        #expect(refused.status != 0)
        #expect((refused.stdout + refused.stderr).contains("batch_size (4) must divide by the number of processes (3)"))
        #expect(!FileManager.default.fileExists(atPath: three + "/settings.json"))
    }
}
