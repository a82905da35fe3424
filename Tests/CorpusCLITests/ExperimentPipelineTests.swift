import CorpusReport
import CorpusTestSupport
import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A miniature of Pipelines/electra-vs-mlm.yaml: the quickstart sample's WET file, a tiny RTD
/// model and an MLM model given the same FLOPs, each fine-tuned on the GLUE-shaped fixture
/// (Tests/Fixtures/glue-like) over 2 seeds.
@Suite("experiment pipeline: pretrain at equal FLOPs, fine-tune, report", .serialized)
struct ExperimentPipelineTests {
    static func yaml(labeled: String) -> String {
        let sample = Repository.root + "/Pipelines/samples/quickstart/crawl-2024-03.warc.wet.gz"
        let model = """
            preset: electra-tiny
                model: {embedding: 16, discriminator: {hidden: 32, layers: 1, heads: 2, feed_forward: 64}}
                data: {sequence_length: 64}
                run: {log_every: 5, evaluate_every: 10, checkpoint_every: 10, evaluation_batches: 1}
            """
        let tuning = "seeds: 2, epochs: 3, batch_size: 16, max_length: 32, learning_rate: 2.0e-3, adam_epsilon: 1.0e-8"
        return """
            version: 1
            name: mini-experiment
            seed: 1
            stages:
              - {type: read, inputs: [\(sample)]}
              - {type: clean, preset: c4}
              - {type: dedup, methods: [url, exact]}
              - {type: tokenizer, vocab_size: 400, special: electra, threads: 1, character_coverage: 0.995}
              - {type: shard, seq_len: 64, validation_fraction: 0.05}
              - name: pretrain-rtd
                type: pretrain
                objective: rtd
                \(model)
                training: {batch_size: 4, steps: 20, warmup_steps: 2, learning_rate: 1.0e-3}
              - name: pretrain-mlm
                type: pretrain
                objective: mlm
                equal_flops_with: pretrain-rtd
                \(model)
                training: {batch_size: 4, warmup_steps: 2, learning_rate: 1.0e-3}
              - name: finetune-rtd
                type: finetune
                model: pretrain-rtd
                \(tuning.replacingOccurrences(of: ", ", with: "\n    "))
                tasks: &tasks
                  - {name: sst2, layout: sst2, train: \(labeled)/SST-2/train.tsv, dev: \(labeled)/SST-2/dev.tsv}
                  - {name: cola, layout: cola, train: \(labeled)/CoLA/train.tsv, dev: \(labeled)/CoLA/dev.tsv, train_examples: 120}
              - {name: finetune-mlm, type: finetune, model: pretrain-mlm, \(tuning), tasks: *tasks}

            """
    }

    @Test("the run logs each objective's FLOPs, gives MLM the matching steps, writes the table and the verdict, and a rerun skips every stage")
    func miniatureExperiment() throws {
        let folder = Fixtures.temporaryDirectory()
        let config = folder + "/mini.yaml"
        try Self.yaml(labeled: Repository.root + "/Tests/Fixtures/glue-like").write(toFile: config, atomically: true, encoding: .utf8)
        let runDirectory = folder + "/run"
        let first = try corpus(["run", config, "--run-dir", runDirectory, "--filters-dir", Repository.filters, "--quiet"])
        let log = first.stdout + first.stderr
        #expect(first.status == 0, "\(log)")
        #expect(log.contains("FLOPs per step (rtd)") && log.contains("FLOPs per step (mlm)"), "\(log)")

        let statistics = try JSONDecoder().decode(RunStatistics.self, from: Data(contentsOf: URL(filePath: runDirectory + "/stats.json")))
        let rtd = try #require(statistics.stages.first { $0.name == "pretrain-rtd" }?.compute)
        let mlm = try #require(statistics.stages.first { $0.name == "pretrain-mlm" }?.compute)
        #expect(rtd.steps == 20 && rtd.matchedStage == nil)
        #expect(mlm.matchedStage == "pretrain-rtd" && mlm.matchedFLOPs == rtd.totalFLOPs)
        #expect(mlm.flopsPerStep < rtd.flopsPerStep && mlm.steps == Int((rtd.totalFLOPs / mlm.flopsPerStep).rounded()))
        #expect(statistics.stages.first { $0.name == "pretrain-mlm" }?.training?.steps.last == mlm.steps)

        let tuned = try #require(statistics.stages.first { $0.name == "finetune-rtd" }?.finetuning)
        #expect(tuned.model == "pretrain-rtd" && tuned.objective == "rtd" && tuned.tasks.map(\.name) == ["sst2", "cola"])
        #expect(tuned.tasks.map(\.metric) == ["accuracy", "mcc"] && tuned.tasks.allSatisfy { $0.seeds.count == 2 && $0.seeds.allSatisfy { $0.epochs.count == 3 } })
        #expect(tuned.tasks[0].trainExamples == 160 && tuned.tasks[1].trainExamples == 120 && tuned.tasks[0].devExamples == 60)
        for seed in 1...2 {
            #expect(FileManager.default.fileExists(atPath: runDirectory + "/08-finetune-rtd/sst2/seed-\(seed).json"))
        }
        let results = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(filePath: runDirectory + "/09-finetune-mlm/results.json"))) as? [String: Any]
        #expect(Set(results?.keys.map { $0 } ?? []) == ["sst2", "cola"])

        // The page: well-formed, with the table, the computed sentences and the claim's verdict.
        let page = try String(contentsOfFile: runDirectory + "/report.html", encoding: .utf8)
        let parser = XMLParser(data: Data(page.utf8))
        #expect(parser.parse(), "\(parser.parserError.map(String.init(describing:)) ?? "") at line \(parser.lineNumber)")
        #expect(page.contains("id=\"experiment\"") && page.contains("id=\"compute\"") && page.contains("sst2 accuracy") && page.contains("cola MCC"))
        let verdict = ExperimentVerdict(statistics.stages)
        let sst2 = try #require(verdict.gaps.first { $0.task == "sst2" })
        let median = { (stage: String) in statistics.stages.first { $0.name == stage }!.finetuning!.tasks[0].accuracy.median }
        #expect(abs(sst2.points - 100 * (median("finetune-rtd") - median("finetune-mlm"))) < 1e-9 && sst2.equalCompute == true)
        #expect(page.contains(Self.escaped(ExperimentVerdict.sentence(sst2))))
        #expect(page.contains(Self.escaped(try #require(verdict.electraClaim))))

        let second = try corpus(["run", config, "--run-dir", runDirectory, "--filters-dir", Repository.filters, "--quiet"])
        #expect(second.status == 0)
        let rerun = second.stdout + second.stderr
        #expect(rerun.components(separatedBy: "skipped").count - 1 == 9, "\(rerun)")
        let again = try JSONDecoder().decode(RunStatistics.self, from: Data(contentsOf: URL(filePath: runDirectory + "/stats.json")))
        #expect(again.stages.map(\.finetuning) == statistics.stages.map(\.finetuning))
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "'", with: "&#39;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
