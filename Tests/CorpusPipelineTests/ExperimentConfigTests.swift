import CorpusModels
import CorpusPipeline
import CorpusTraining
import Foundation
import Testing

@Suite("experiment configs: equal FLOPs and finetune stages")
struct ExperimentConfigTests {
    static let stages = """
        version: 1
        name: experiment
        stages:
          - {type: read, inputs: [a.jsonl]}
          - {type: tokenizer, vocab_size: 500, special: electra}
          - {type: shard, seq_len: 64}
          - name: rtd
            type: pretrain
            objective: rtd
            preset: electra-tiny
            model: {embedding: 32, discriminator: {hidden: 64, layers: 2, heads: 2, feed_forward: 256}}
            data: {sequence_length: 64}
            training: {batch_size: 8, steps: 100, warmup_steps: 10}
            run: {log_every: 10, checkpoint_every: 50}

        """

    static func config(_ more: String) throws(PipelineConfigError) -> PipelineConfig {
        try PipelineConfig(yaml: stages + more, path: NSTemporaryDirectory() + "/experiment.yaml")
    }

    static func error(_ more: String) -> PipelineConfigError? {
        do { _ = try config(more); return nil } catch { return error }
    }

    static let mlm = """
          - name: mlm
            type: pretrain
            objective: mlm
            preset: electra-tiny
            equal_flops_with: rtd
            model: {embedding: 32, discriminator: {hidden: 64, layers: 2, heads: 2, feed_forward: 256}}
            data: {sequence_length: 64}
            training: {batch_size: 8, warmup_steps: 10}
            run: {log_every: 10, checkpoint_every: 50}

        """

    @Test("equal_flops_with gives the MLM stage the steps that spend the RTD stage's FLOPs, counted with the tokenizer's vocabulary")
    func equalFLOPs() throws {
        let config = try Self.config(Self.mlm)
        guard case .pretrain(let rtd) = config.stage(named: "rtd")?.settings, case .pretrain(let mlm) = config.stage(named: "mlm")?.settings else {
            Issue.record("no pretrain stages")
            return
        }
        let rtdSettings = rtd.settings(vocabulary: 500), mlmSettings = mlm.settings(vocabulary: 500)
        let rtdStep = try #require(rtdSettings.stepFLOPs()).total, mlmStep = try #require(mlmSettings.stepFLOPs()).total
        // An MLM step has no generator: cheaper, so more steps.
        #expect(mlmStep < rtdStep)
        #expect(mlm.settings.steps == Int((100 * rtdStep / mlmStep).rounded()))
        #expect(mlm.settings.steps > 100)
        let match = try #require(mlm.computeMatch)
        #expect(match.stage == "rtd" && match.referenceSteps == 100 && match.referenceFLOPs == 100 * rtdStep && match.flopsPerStep == mlmStep)
        // Rounding to whole steps leaves the totals within half a step.
        #expect(abs(Double(mlm.settings.steps) * mlmStep - 100 * rtdStep) <= mlmStep / 2)
    }

    @Test("an MLM step counts the encoder and the masked-LM head at the masked positions only")
    func maskedLMCount() {
        let shape = ElectraShape(vocabulary: 1000, embedding: 32, maximumLength: 64,
                                 discriminator: EncoderShape(hidden: 64, layers: 2, heads: 2, feedForward: 256),
                                 generator: EncoderShape(hidden: 16, layers: 2, heads: 1, feedForward: 64))
        let few = StepFLOPs(maskedLM: shape, batch: 2, length: 64, predictions: 10)
        let more = StepFLOPs(maskedLM: shape, batch: 2, length: 64, predictions: 20)
        // 10 more positions × (hidden × width + width × vocabulary) multiply-adds × 2 FLOPs × 3 (forward and backward).
        let head: Double = 3 * 2 * 10 * (64 * 32 + 32 * 1000)
        #expect(more.linear - few.linear == head)
        #expect(more.attention == few.attention)
        let electra = StepFLOPs(electra: shape, batch: 2, length: 64, predictions: 10)
        #expect(electra.total > few.total)
    }

    @Test("the T5 objectives differ in FLOPs per step by their padded targets: span corruption's short targets cost least")
    func t5ObjectiveCounts() throws {
        var settings = try #require(PretrainingSettings.preset("t5-tiny", vocabulary: 1000))
        settings.sequenceLength = 128
        var counts: [String: Double] = [:]
        for objective in [PretrainingObjectiveKind.span, .iidSentinel, .prefixLM] {
            settings.objective = objective
            counts[objective.rawValue] = try #require(settings.stepFLOPs()).total
        }
        #expect(counts["span"]! < counts["iid-sentinel"]! && counts["span"]! < counts["prefix-lm"]!, "\(counts)")
        // i.i.d. targets are padded to the text's length + 1, prefix LM's to the text's length.
        #expect(counts["iid-sentinel"]! > counts["prefix-lm"]!)
        settings.objective = .ul2
        #expect(settings.stepFLOPs() == nil)
    }

    @Test("equal_flops_with is refused next to training.steps, for a stage that is not an earlier pretrain stage, and for ul2")
    func equalFLOPsRefusals() {
        let both = Self.mlm.replacingOccurrences(of: "training: {batch_size: 8,", with: "training: {steps: 5, batch_size: 8,")
        #expect(Self.error(both)?.message.contains("not both") == true)
        let unknown = Self.mlm.replacingOccurrences(of: "equal_flops_with: rtd", with: "equal_flops_with: nothing")
        let error = Self.error(unknown)
        #expect(error?.message.contains("no earlier stage") == true && error?.line == 19, "\(String(describing: error))")
        let shard = Self.mlm.replacingOccurrences(of: "equal_flops_with: rtd", with: "equal_flops_with: shard")
        #expect(Self.error(shard)?.message.contains("name an earlier pretrain stage") == true)
    }

    static let finetune = """
          - name: tune
            type: finetune
            model: rtd
            epochs: 2
            max_length: 48
            tasks:
              - {name: sst2, layout: sst2, train: SST-2/train.tsv, dev: SST-2/dev.tsv, train_examples: 100}
              - {name: cola, layout: cola, train: CoLA/train.tsv, dev: CoLA/dev.tsv}

        """

    @Test("a finetune stage reads its tasks, defaults to 5 seeds and GLUE's metric per layout, and takes the tokenizer of the model's shards")
    func finetuneStage() throws {
        let config = try Self.config(Self.finetune)
        let stage = try #require(config.stage(named: "tune"))
        #expect(stage.input == "rtd" && stage.tokenizer == "tokenizer")
        guard case .finetune(let settings) = stage.settings else { Issue.record("not a finetune stage"); return }
        #expect(settings.settings.seeds == 5 && settings.settings.epochs == 2 && settings.settings.maximumLength == 48)
        #expect(settings.tasks.map(\.name) == ["sst2", "cola"] && settings.tasks.map(\.metric) == ["accuracy", "mcc"])
        #expect(settings.tasks[0].trainExamples == 100 && settings.tasks[1].trainExamples == nil)
        #expect(settings.tasks[1].layout.labelColumn == .index(1))
    }

    @Test("a finetune stage refuses unknown keys, a model that is not a pretrain stage, twice-named tasks and an unknown layout, at their lines")
    func finetuneRefusals() {
        #expect(Self.error(Self.finetune.replacingOccurrences(of: "epochs: 2", with: "epoch: 2"))?.message.contains("unknown key \"epoch\"") == true)
        let notModel = Self.error(Self.finetune.replacingOccurrences(of: "model: rtd", with: "model: shard"))
        #expect(notModel?.message.contains("not model") == true && notModel?.line == 17, "\(String(describing: notModel))")
        #expect(Self.error(Self.finetune.replacingOccurrences(of: "name: cola", with: "name: sst2"))?.message.contains("two tasks") == true)
        let layout = Self.error(Self.finetune.replacingOccurrences(of: "layout: cola", with: "layout: mnli"))
        #expect(layout?.message.contains("mnli") == true && layout?.line == 22, "\(String(describing: layout))")
        #expect(Self.error(Self.finetune.replacingOccurrences(of: "epochs: 2", with: "epochs: 0"))?.message.contains("epochs") == true)
    }

    @Test("preparing a finetune stage refuses a missing dev file at its line, and a max_length beyond the model's position table")
    func finetuneFilesAndLength() throws {
        let folder = NSTemporaryDirectory() + "experiment-\(UUID().uuidString)"
        for path in ["SST-2/train.tsv", "SST-2/dev.tsv", "CoLA/train.tsv"] {
            try FileManager.default.createDirectory(atPath: folder + "/" + (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: folder + "/" + path, contents: Data("a\t1\n".utf8))
        }
        _ = FileManager.default.createFile(atPath: folder + "/a.jsonl", contents: Data())
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func prepare(_ yaml: String) -> PipelineConfigError? {
            do {
                let config = try PipelineConfig(yaml: Self.stages + yaml, path: folder + "/experiment.yaml")
                _ = try PipelineRunner(config: config, runDirectory: folder + "/run", environment: PipelineEnvironment(filtersDirectory: nil)).prepare()
                return nil
            } catch { return error }
        }
        let missing = prepare(Self.finetune)
        #expect(missing?.line == 22 && missing?.message.contains("CoLA/dev.tsv does not exist") == true && missing?.message.contains("GLUE") == true,
                "\(String(describing: missing))")
        _ = FileManager.default.createFile(atPath: folder + "/CoLA/dev.tsv", contents: Data("a\t1\n".utf8))
        #expect(prepare(Self.finetune) == nil)
        let long = prepare(Self.finetune.replacingOccurrences(of: "max_length: 48", with: "max_length: 4096"))
        #expect(long?.message.contains("position table") == true && long?.line == 19, "\(String(describing: long))")
    }
}
