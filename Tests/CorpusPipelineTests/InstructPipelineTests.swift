import CorpusPipeline
import CorpusReport
import CorpusTestSupport
import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Records which stages a run started and skipped.
final class StageLog: PipelineObserver, @unchecked Sendable {
    var started: [String] = [], skipped: [String] = []
    func stageStarted(_ stage: StageConfig, index: Int, count: Int, resumed: Bool) { started.append(stage.name) }
    func stageSkipped(_ stage: StageConfig, index: Int, count: Int) { skipped.append(stage.name) }
    func progress(_ progress: StageProgress) {}
    func problem(_ message: String) {}
    func stageFinished(_ statistics: StageStatistics) {}
}

/// A tiny Flan pipeline: the quickstart sample's WET file, a T5 tokenizer, a T5 of width 32
/// pretrained for 4 steps, then tuned on the first 100 rows of the GLUE-shaped fixture's SST-2
/// file (language templates) with its CoLA dev file held out (acceptability templates).
@Suite("instruct stage: a tiny pipeline through the runner", .serialized)
struct InstructPipelineTests {
    static func yaml(epochs: Int = 2) -> String {
        let sample = Repository.root + "/Pipelines/samples/quickstart/crawl-2024-03.warc.wet.gz"
        let labeled = Repository.root + "/Tests/Fixtures/glue-like"
        return """
            version: 1
            name: tiny-flan
            seed: 1
            stages:
              - {type: read, inputs: [\(sample)]}
              - {type: tokenizer, vocab_size: 400, special: t5, threads: 1, character_coverage: 0.995}
              - {type: shard, seq_len: 40, validation_fraction: 0.05}
              - type: pretrain
                objective: span
                preset: t5-tiny
                model: {d_model: 32, heads: 2, d_kv: 16, d_ff: 64, encoder_layers: 1, decoder_layers: 1}
                data: {sequence_length: 32}
                training: {batch_size: 4, steps: 4, warmup_steps: 1, learning_rate: 1.0e-3}
                run: {log_every: 2, evaluate_every: 4, checkpoint_every: 4, evaluation_batches: 1}
              - type: instruct
                model: pretrain
                task_files:
                  - {path: \(labeled)/SST-2/train.tsv, layout: sst2, family: language, name: sst2, examples: 100}
                heldout: {path: \(labeled)/CoLA/dev.tsv, layout: cola, family: acceptability, name: cola}
                epochs: \(epochs)
                batch_size: 32
                max_input_length: 48
                max_target_length: 8
                learning_rate: 3.0e-3

            """
    }

    static func run(_ folder: String, yaml: String, from: String? = nil) throws -> (RunStatistics, StageLog) {
        let path = folder + "/flan.yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let log = StageLog()
        let runner = PipelineRunner(config: try PipelineConfig.load(path: path), runDirectory: folder + "/run", workers: 1, from: from,
                                    environment: PipelineEnvironment(filtersDirectory: Repository.filters), observer: log)
        return (try runner.run(), log)
    }

    /// Every file of the instruct stage's folder but the markers, by path, with its bytes.
    static func outputs(_ folder: String) throws -> [String: Data] {
        let stage = folder + "/run/05-instruct"
        var files: [String: Data] = [:]
        for path in try FileManager.default.subpathsOfDirectory(atPath: stage) where !path.hasPrefix(".done") {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: stage + "/" + path, isDirectory: &isFolder), !isFolder.boolValue {
                files[path] = try Data(contentsOf: URL(fileURLWithPath: stage + "/" + path))
            }
        }
        return files
    }

    @Test("the stage tunes the pretrain stage's T5, records held-out figures before and after, and a rerun skips it; --from gives the same bytes, a changed setting re-runs it")
    func tinyPipeline() throws {
        let folder = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (statistics, first) = try Self.run(folder, yaml: Self.yaml())
        #expect(first.started == ["read", "tokenizer", "shard", "pretrain", "instruct"])
        let stage = try #require(statistics.stages.last)
        let tuned = try #require(stage.instruction)
        #expect(tuned.model == "pretrain" && tuned.objective == "span" && tuned.pretrainingStep == 4)
        #expect(tuned.mixture == ["sst2": 100] && tuned.heldoutTasks == ["cola"] && tuned.heldoutExamples == 60)
        #expect(tuned.steps == 8 && tuned.epochs.map(\.epoch) == [1, 2] && tuned.epochs.last?.step == 8)
        #expect(tuned.final == tuned.epochs.last?.heldout && (0...1).contains(tuned.zeroShot.accuracy))
        #expect(stage.training?.steps == Array(1...8) && stage.training?.series["loss"]?.count == 8)

        let files = try Self.outputs(folder)
        #expect(Set(files.keys).isSuperset(of: ["results.json", "metrics.jsonl", "model.safetensors", "export/config.json", "export/model.safetensors"]),
                "\(files.keys.sorted())")
        let resultsData = try #require(files["results.json"])
        let results = try #require(try JSONSerialization.jsonObject(with: resultsData) as? [String: Any])
        #expect(results["seconds"] as? Double == 0 && results["heldout_tasks"] as? [String] == ["cola"] && results["steps"] as? Int == 8)
        #expect(String(decoding: try #require(files["metrics.jsonl"]), as: UTF8.self).split(separator: "\n").count == 1 + 8 + 2)

        let page = try String(contentsOfFile: folder + "/run/report.html", encoding: .utf8)
        let parser = XMLParser(data: Data(page.utf8))
        #expect(parser.parse(), "\(parser.parserError.map(String.init(describing:)) ?? "") at line \(parser.lineNumber)")
        #expect(page.contains("id=\"instruction\"") && page.contains("held-out cola per epoch") && page.contains("zero-shot"))

        let (again, second) = try Self.run(folder, yaml: Self.yaml())
        #expect(second.started.isEmpty && second.skipped.count == 5)
        #expect(again.stages.last?.instruction == tuned)

        let (_, fromInstruct) = try Self.run(folder, yaml: Self.yaml(), from: "instruct")
        #expect(fromInstruct.started == ["instruct"] && fromInstruct.skipped == ["read", "tokenizer", "shard", "pretrain"])
        #expect(try Self.outputs(folder) == files, "the stage run again from scratch writes the same bytes")

        let (changed, third) = try Self.run(folder, yaml: Self.yaml(epochs: 1))
        #expect(third.started == ["instruct"] && changed.stages.last?.instruction?.steps == 4)
    }
}
