import CorpusTestSupport
import Foundation
import Testing

/// Whether Debian's Slurm and munge are installed (scripts/setup.sh installs them when it can).
private let slurmInstalled = ["/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/munged", "/usr/bin/sbatch"]
    .allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }

@Suite("corpus run on Slurm", .serialized)
struct SlurmClusterTests {
    @Test("a pipeline submitted to a one-node Slurm cluster, with an array task killed midway and the run resubmitted, writes a local run's bytes",
          .enabled(if: slurmInstalled, "slurm-wlm and munge are not installed"))
    func clusterRunMatchesLocalRun() throws {
        let process = Process()
        process.executableURL = URL(filePath: "/bin/bash")
        process.arguments = [Repository.root + "/scripts/slurm/cluster-test.sh", binary]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("ok: the Slurm run (3 ranks, one killed and resubmitted) wrote the local run's bytes"), "\(text)")
    }

    @Test("corpus status names each stage and says a folder that is not a run folder is not one")
    func statusOfLocalRun() throws {
        let fixture = try PipelineFixture(documentsPerFile: 120)
        defer { fixture.remove() }
        let run = fixture.runDirectory("run")
        #expect(try corpus(["run", fixture.config, "--run-dir", run]).status == 0)
        let status = try corpus(["status", run])
        #expect(status.status == 0, "\(status.stderr)")
        for stage in ["01-read", "02-clean", "03-dedup", "04-tokenizer", "05-shard"] {
            #expect(status.stderr.contains(stage) && status.stderr.split(separator: "\n").contains { $0.hasPrefix(stage) && $0.contains(" done ") })
        }
        #expect(try corpus(["status", fixture.directory.path]).status == 66)
    }
}
