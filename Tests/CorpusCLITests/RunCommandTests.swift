import CorpusReport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("corpus run", .serialized)
struct RunCommandTests {
    @Test("a pipeline killed with SIGKILL at several points and run again ends byte-identical to an uninterrupted run")
    func resumesAfterKill() throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let clock = ContinuousClock()
        let started = clock.now
        let clean = try corpus(["run", fixture.config, "--run-dir", fixture.runDirectory("clean"), "--workers", "2"])
        let total = (clock.now - started) / .seconds(1)
        #expect(clean.status == 0, "\(clean.stderr)")
        let expected = try runFiles(fixture.runDirectory("clean"))

        // One run folder, killed again and again at growing fractions of the clean run's time.
        let killed = fixture.runDirectory("killed")
        for fraction in [0.1, 0.25, 0.45, 0.65, 0.85] {
            let process = try startCorpus(["run", fixture.config, "--run-dir", killed, "--workers", "2"])
            Thread.sleep(forTimeInterval: total * fraction)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let resumed = try corpus(["run", fixture.config, "--run-dir", killed, "--workers", "2"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        expectSameRun(expected, try runFiles(killed), "killed after delays")

        // Killed the moment given tasks are marked done (just before the next task's output appears).
        let marked = fixture.runDirectory("marked")
        for marker in ["01-read/.done/part-00001.json", "02-clean/.done/part-00000.json", "03-dedup/.done/reduce-0-url.json",
                       "04-tokenizer/.done/train.json"] {
            let process = try startCorpus(["run", fixture.config, "--run-dir", marked, "--workers", "3"])
            while process.isRunning && !FileManager.default.fileExists(atPath: marked + "/" + marker) { usleep(2_000) }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let finished = try corpus(["run", fixture.config, "--run-dir", marked, "--workers", "3"])
        #expect(finished.status == 0, "\(finished.stderr)")
        expectSameRun(expected, try runFiles(marked), "killed at markers")
    }

    @Test("a pipeline killed with SIGKILL inside its pretrain stage resumes from the last checkpoint and ends byte-identical")
    func resumesPretrainingAfterKill() throws {
        let fixture = try PipelineFixture(documentsPerFile: 150, yaml: PipelineFixture.pretrainingYAML)
        defer { fixture.remove() }
        let clean = try corpus(["run", fixture.config, "--run-dir", fixture.runDirectory("clean"), "--workers", "2"])
        #expect(clean.status == 0, "\(clean.stderr)")
        let expected = try runFiles(fixture.runDirectory("clean"))
        #expect(expected.keys.contains("06-pretrain/export/model.safetensors") && expected.keys.contains("06-pretrain/checkpoints/step-00000048.safetensors"))

        // Killed when a checkpoint task is marked done, then between checkpoints (after a
        // metrics line past the last checkpoint is written), the last time four steps before the end.
        let killed = fixture.runDirectory("killed")
        let pretrain = killed + "/06-pretrain"
        let moments: [(String, () -> Bool)] = [
            ("marker of steps 1-12", { FileManager.default.fileExists(atPath: pretrain + "/.done/to-step-12.json") }),
            ("step 20 logged", { Self.loggedSteps(pretrain).contains(20) }),
            ("step 40 logged", { Self.loggedSteps(pretrain).contains(40) }),
            ("step 44 logged", { Self.loggedSteps(pretrain).contains(44) }),
        ]
        for (label, moment) in moments {
            let process = try startCorpus(["run", fixture.config, "--run-dir", killed, "--workers", "2"])
            while process.isRunning && !moment() { usleep(1_000) }
            #expect(process.isRunning, "the run ended before \(label)")
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let resumed = try corpus(["run", fixture.config, "--run-dir", killed, "--workers", "2"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("[6/6] pretrain (pretrain): resuming"), "\(resumed.stderr)")
        expectSameRun(expected, try runFiles(killed), "killed inside pretraining")

        let statistics = try JSONDecoder().decode(RunStatistics.self, from: Data(contentsOf: URL(filePath: killed + "/stats.json")))
        #expect((statistics.stages.last?.seconds ?? 0) > 0.05, "the pretrain stage's time adds up its tasks'")
    }

    /// The train steps logged so far in a pretrain folder's `metrics.jsonl`.
    private static func loggedSteps(_ folder: String) -> [Int] {
        guard let text = try? String(contentsOfFile: folder + "/metrics.jsonl", encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard line.contains("\"train\""), let match = line.firstMatch(of: /"step": (\d+)/) else { return nil }
            return Int(match.1)
        }
    }

    @Test("progress is a live line with a drawn bar on a terminal and plain lines with the percentage in a log")
    func progressBarAndLines() throws {
        let fixture = try PipelineFixture(documentsPerFile: 150, yaml: PipelineFixture.pretrainingYAML)
        defer { fixture.remove() }
        let bar = try corpus(["run", fixture.config, "--run-dir", fixture.runDirectory("bar")], environment: ["CORPUS_PROGRESS": "bar"])
        #expect(bar.status == 0, "\(bar.stderr)")
        let live = bar.stderr.split(separator: "\r").filter { $0.hasPrefix("\u{1B}[2K[6/6] pretrain ▕") }
        // The first line comes before a second step, so it has no rate yet; every later line has one, never zero.
        #expect(!live.isEmpty && live.allSatisfy { $0.contains("%  step ") }, "\(bar.stderr)")
        #expect(live.dropFirst().allSatisfy { $0.contains("tokens/s  ETA") }, "\(bar.stderr)")
        #expect(!live.contains { $0.contains("  0 tokens/s") }, "\(bar.stderr)")

        let log = try corpus(["run", fixture.config, "--run-dir", fixture.runDirectory("log"), "--progress-interval", "0.001"],
                             environment: ["CORPUS_PROGRESS": "lines"])
        #expect(log.status == 0, "\(log.stderr)")
        #expect(!log.stderr.contains("\r") && !log.stderr.contains("▕"))
        let logged = log.stderr.split(separator: "\n").filter { $0.hasPrefix("[6/6] pretrain ") && $0.contains("%  step ") }
        #expect(logged.count > 1 && logged.dropFirst().contains { $0.contains("tokens/s  ETA") }, "\(log.stderr)")
    }

    @Test("cluster processes running each phase's ranks in any order, then finishing each stage, write a local run's bytes")
    func clusterProcessesMatchLocalRun() throws {
        let fixture = try PipelineFixture(documentsPerFile: 120)
        defer { fixture.remove() }
        #expect(try corpus(["run", fixture.config, "--run-dir", fixture.runDirectory("local")]).status == 0)
        let cluster = fixture.runDirectory("cluster")
        func process(_ stage: String, _ extra: [String]) throws -> Run {
            try corpus(["run", fixture.config, "--run-dir", cluster, "--stage", stage] + extra)
        }
        let early = try process("clean", ["--phase", "parts", "--rank", "0", "--world-size", "2"])
        #expect(early.status == 75 && early.stderr.contains("reads read, which is not done"), "\(early.stderr)")
        let phases: [(String, [String], Bool)] = [
            ("read", ["parts"], true), ("clean", ["parts"], true),
            ("dedup", ["signatures-0", "reduce-0", "signatures-1", "reduce-1", "filter"], true),
            ("tokenizer", ["main"], false), ("shard", ["main"], false),
        ]
        for (stage, names, _) in phases {
            for phase in names {
                let parallel = !phase.hasPrefix("reduce") && phase != "main"
                for rank in (parallel ? [2, 0, 1] : [0]) {
                    let run = try process(stage, ["--phase", phase, "--rank", String(rank), "--world-size", parallel ? "3" : "1"])
                    #expect(run.status == 0, "\(stage) \(phase) rank \(rank): \(run.stderr)")
                }
            }
            if stage == "dedup" {
                let unfinished = try process("tokenizer", ["--phase", "main"])
                #expect(unfinished.status == 75, "the tokenizer waits for dedup to be finished: \(unfinished.stderr)")
            }
            let finished = try process(stage, ["--finish"])
            #expect(finished.status == 0, "\(stage) finish: \(finished.stderr)")
        }
        expectSameRun(try runFiles(fixture.runDirectory("local")), try runFiles(cluster), "cluster processes")
        let again = try corpus(["run", fixture.config, "--run-dir", cluster])
        #expect(again.stderr.components(separatedBy: "skipped").count - 1 == 5, "a local run finds every stage done: \(again.stderr)")
    }

    @Test("one and three workers give the same bytes")
    func workersDoNotChangeOutput() throws {
        let fixture = try PipelineFixture(documentsPerFile: 200)
        defer { fixture.remove() }
        let one = try corpus(["run", fixture.config, "--run-dir", fixture.runDirectory("one"), "--workers", "1"])
        let three = try corpus(["run", fixture.config, "--run-dir", fixture.runDirectory("three"), "--workers", "3"])
        #expect(one.status == 0 && three.status == 0, "\(one.stderr)\(three.stderr)")
        expectSameRun(try runFiles(fixture.runDirectory("one")), try runFiles(fixture.runDirectory("three")), "workers 1 vs 3")
    }

    @Test("a second run skips every stage; --from and a changed setting re-run that stage and the ones after it")
    func skipsFinishedStagesAndReRunsFrom() throws {
        let fixture = try PipelineFixture(documentsPerFile: 200)
        defer { fixture.remove() }
        let run = fixture.runDirectory("run")
        #expect(try corpus(["run", fixture.config, "--run-dir", run]).status == 0)
        let first = try runFiles(run)

        let again = try corpus(["run", fixture.config, "--run-dir", run])
        #expect(again.stderr.components(separatedBy: "skipped").count - 1 == 5, "\(again.stderr)")

        let from = try corpus(["run", fixture.config, "--run-dir", run, "--from", "dedup"])
        #expect(from.status == 0)
        #expect(from.stderr.contains("[1/5] read: done earlier") && from.stderr.contains("[2/5] clean: done earlier"), "\(from.stderr)")
        #expect(from.stderr.contains("[3/5] dedup (dedup)") && from.stderr.contains("[5/5] shard (shard)"), "\(from.stderr)")
        expectSameRun(first, try runFiles(run), "--from dedup")

        let changed = PipelineFixture.yaml.replacingOccurrences(of: "validation_fraction: 0.1", with: "validation_fraction: 0.5")
        try changed.write(toFile: fixture.config, atomically: true, encoding: .utf8)
        let rerun = try corpus(["run", fixture.config, "--run-dir", run])
        #expect(rerun.stderr.contains("[4/5] tokenizer: done earlier") && rerun.stderr.contains("[5/5] shard (shard)"), "\(rerun.stderr)")
        let statistics = try JSONDecoder().decode(RunStatistics.self, from: Data(contentsOf: URL(filePath: run + "/stats.json")))
        #expect((statistics.stages.last?.shards?.splits["validation"]?.documents ?? 0) > 40)

        let unknown = try corpus(["run", fixture.config, "--run-dir", run, "--from", "nope"])
        #expect(unknown.status == 64 && unknown.stderr.contains("--from nope: no stage has that name"))
    }

    @Test("stats.json has each stage's flow, drops with samples, lengths, clusters, tokenizer and shard figures")
    func statisticsFile() throws {
        let fixture = try PipelineFixture(documentsPerFile: 200)
        defer { fixture.remove() }
        let run = fixture.runDirectory("run")
        #expect(try corpus(["run", fixture.config, "--run-dir", run]).status == 0)
        let statistics = try JSONDecoder().decode(RunStatistics.self, from: Data(contentsOf: URL(filePath: run + "/stats.json")))
        #expect(statistics.pipeline == "fixture" && statistics.seed == 7)
        #expect(statistics.stages.map(\.name) == ["read", "clean", "dedup", "tokenizer", "shard"])
        let (read, clean, dedup, tokenizer, shard) = (statistics.stages[0], statistics.stages[1], statistics.stages[2],
                                                      statistics.stages[3], statistics.stages[4])
        #expect(read.flow.documentsOut == 600 && read.lengthsOut != nil)
        #expect(clean.flow.documentsIn == 600 && clean.lengthsIn?.counts.reduce(0, +) == 600)
        #expect(clean.drops.reduce(0) { $0 + $1.count } == clean.flow.documentsIn - clean.flow.documentsOut)
        #expect(clean.drops.allSatisfy { $0.samples.count == min(3, $0.count) })
        #expect(dedup.flow.documentsIn == clean.flow.documentsOut)
        #expect(dedup.drops.map(\.rule).contains("url") && dedup.drops.reduce(0) { $0 + $1.count } == dedup.flow.documentsIn - dedup.flow.documentsOut)
        let urlDrops = dedup.drops.first { $0.rule == "url" }
        #expect(urlDrops?.samples.first?.url?.hasPrefix("https://example.com/") == true)
        #expect(dedup.clusterSizes != nil)
        #expect(tokenizer.tokenizer?.vocabSize == 200 && (tokenizer.tokenizer?.tokensPerWord ?? 0) > 0.5)
        #expect((tokenizer.tokenizer?.vocabularyUsed ?? 0) > 0 && tokenizer.tokenizer?.specialTokens["</s>"] == 1)
        let splits = shard.shards?.splits ?? [:]
        #expect(splits.values.reduce(0) { $0 + $1.documents } == dedup.flow.documentsOut)
        #expect((shard.shards?.compressionRatio ?? 0) > 1)
        let inspect = try corpus(["shards", "verify", run + "/05-shard"])
        #expect(inspect.status == 0, "\(inspect.stderr)")
    }

    @Test("a config error stops the run before anything is read or written, naming the line")
    func configErrorExits64() throws {
        let fixture = try PipelineFixture(documentsPerFile: 1)
        defer { fixture.remove() }
        let broken = PipelineFixture.yaml.replacingOccurrences(of: "{type: dedup, methods: [url, exact]}", with: "{type: dedup, methods: [url, exakt]}")
        try broken.write(toFile: fixture.config, atomically: true, encoding: .utf8)
        let run = fixture.runDirectory("run")
        let result = try corpus(["run", fixture.config, "--run-dir", run])
        #expect(result.status == 64)
        #expect(result.stderr.contains("pipeline.yaml:7:") && result.stderr.contains("unknown method \"exakt\""), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: run))
    }
}
