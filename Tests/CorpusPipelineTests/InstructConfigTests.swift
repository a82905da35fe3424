import CorpusPipeline
import Foundation
import Testing

@Suite("instruct stage configs")
struct InstructConfigTests {
    /// A read, tokenizer and shard stage, an ELECTRA pretrain stage `rtd` and a T5 one `t5`.
    static let stages = """
        version: 1
        name: flan
        seed: 9
        stages:
          - {type: read, inputs: [a.jsonl]}
          - {type: tokenizer, vocab_size: 500, special: t5}
          - {type: shard, seq_len: 64}
          - name: rtd
            type: pretrain
            objective: rtd
            preset: electra-tiny
            data: {sequence_length: 64}
            training: {batch_size: 8, steps: 10, warmup_steps: 1}
            run: {log_every: 5, checkpoint_every: 10}
          - name: t5
            type: pretrain
            objective: span
            preset: t5-tiny
            data: {sequence_length: 64}
            training: {batch_size: 8, steps: 10, warmup_steps: 1}
            run: {log_every: 5, checkpoint_every: 10}

        """

    static let instruct = """
          - name: tune
            type: instruct
            model: t5
            epochs: 2
            max_input_length: 48
            task_files:
              - {path: SST-2/train.tsv, layout: sst2, family: language, name: sst2}
              - more.tsv
            layout: cola
            heldout: {path: CoLA/dev.tsv, family: acceptability, name: cola}
            verbalizer: {0: no, 1: yes}

        """

    static func config(_ more: String, folder: String = NSTemporaryDirectory()) throws(PipelineConfigError) -> PipelineConfig {
        try PipelineConfig(yaml: stages + more, path: folder + "/flan.yaml")
    }

    static func error(_ more: String) -> PipelineConfigError? {
        do { _ = try config(more); return nil } catch { return error }
    }

    @Test("an instruct stage reads corpus instruct's settings, files with their own layout and family, and the model's tokenizer")
    func reads() throws {
        let stage = try #require(try Self.config(Self.instruct).stage(named: "tune"))
        #expect(stage.input == "t5" && stage.tokenizer == "tokenizer")
        guard case .instruct(let settings) = stage.settings else { Issue.record("not an instruct stage"); return }
        #expect(settings.settings.epochs == 2 && settings.settings.maximumInputLength == 48 && settings.settings.batchSize == 32)
        #expect(settings.settings.seed == 9, "the pipeline's seed unless the stage sets one")
        #expect(settings.taskFiles.map(\.name) == ["sst2", "more"] && settings.taskFiles.map(\.family) == ["language", "generic"])
        #expect(settings.taskFiles[0].layout == .sst2 && settings.taskFiles[1].layout == .cola)
        #expect(settings.heldout.name == "cola" && settings.heldout.layout == .cola && settings.heldout.isTSV)
        #expect(settings.verbalizer == ["0": "no", "1": "yes"])
    }

    @Test("an unknown key, in the stage or in a file's mapping, is refused at its line")
    func unknownKeys() {
        let stage = Self.error(Self.instruct.replacingOccurrences(of: "epochs: 2", with: "epoch: 2"))
        #expect(stage?.message.contains("unknown key \"epoch\"") == true && stage?.line == 25, "\(String(describing: stage))")
        let file = Self.error(Self.instruct.replacingOccurrences(of: "family: language, name", with: "familly: language, name"))
        #expect(file?.message.contains("unknown key \"familly\"") == true && file?.line == 28, "\(String(describing: file))")
    }

    @Test("a model that is not a T5 encoder-decoder is refused at the line of model, saying what to name instead")
    func electraModelIsRefused() {
        let error = Self.error(Self.instruct.replacingOccurrences(of: "model: t5", with: "model: rtd"))
        #expect(error?.line == 24, "\(String(describing: error))")
        #expect(error?.message.contains("rtd, an ELECTRA-shaped encoder") == true && error?.message.contains("needs a T5 encoder-decoder") == true)
        let shard = Self.error(Self.instruct.replacingOccurrences(of: "model: t5", with: "model: shard"))
        #expect(shard?.message.contains("makes a dataset, not model") == true && shard?.line == 24)
    }

    @Test("a missing model stage is refused: a name no earlier stage has, or no pretrain stage at all")
    func missingModel() {
        let named = Self.error(Self.instruct.replacingOccurrences(of: "model: t5", with: "model: t5-base"))
        #expect(named?.message.contains("no earlier stage is named \"t5-base\"") == true && named?.line == 24)
        let bare = Self.stages.components(separatedBy: "  - name: rtd")[0]
            + Self.instruct.replacingOccurrences(of: "    model: t5\n", with: "")
        do {
            _ = try PipelineConfig(yaml: bare, path: "/tmp/flan.yaml")
            Issue.record("accepted an instruct stage with no pretrain stage before it")
        } catch {
            #expect(error.message.contains("needs a pretrain stage before it"), "\(error)")
        }
    }

    @Test("an empty mixture, a missing held-out task, a held-out task named like a mixture task and impossible values are refused")
    func impossibleSettings() {
        let noMixture = Self.instruct.components(separatedBy: "    task_files:")[0] + "    heldout: CoLA/dev.tsv\n"
        #expect(Self.error(noMixture)?.message.contains("the training mixture is empty") == true)
        let noHeldout = Self.instruct.replacingOccurrences(of: "    heldout: {path: CoLA/dev.tsv, family: acceptability, name: cola}\n", with: "")
        #expect(Self.error(noHeldout)?.message.contains("needs `heldout:`") == true)
        let clash = Self.instruct.replacingOccurrences(of: "name: cola", with: "name: sst2")
        #expect(Self.error(clash)?.message.contains("also a task of the mixture") == true)
        let rate = Self.error(Self.instruct.replacingOccurrences(of: "epochs: 2", with: "epochs: 2\n    learning_rate: -1"))
        #expect(rate?.message.contains("learning_rate") == true && rate?.line == 26, "\(String(describing: rate))")
        let schedule = Self.error(Self.instruct.replacingOccurrences(of: "epochs: 2", with: "schedule: cosine"))
        #expect(schedule?.message.contains("\"cosine\" is not one of constant, linear") == true)
    }

    @Test("preparing the stage refuses a missing file and an unknown template family at their lines, before reading anything")
    func preparing() throws {
        let folder = NSTemporaryDirectory() + "instruct-\(UUID().uuidString)"
        for path in ["SST-2/train.tsv", "more.tsv", "a.jsonl"] {
            try FileManager.default.createDirectory(atPath: folder + "/" + (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: folder + "/" + path, contents: Data("a\t1\n".utf8))
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func prepare(_ yaml: String) -> PipelineConfigError? {
            do {
                let config = try Self.config(yaml, folder: folder)
                _ = try PipelineRunner(config: config, runDirectory: folder + "/run", environment: PipelineEnvironment(filtersDirectory: nil)).prepare()
                return nil
            } catch { return error }
        }
        let missing = prepare(Self.instruct)
        #expect(missing?.line == 31 && missing?.message.contains("CoLA/dev.tsv does not exist") == true, "\(String(describing: missing))")
        try FileManager.default.createDirectory(atPath: folder + "/CoLA", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: folder + "/CoLA/dev.tsv", contents: Data("a\t1\n".utf8))
        #expect(prepare(Self.instruct) == nil)
        let family = prepare(Self.instruct.replacingOccurrences(of: "family: language", with: "family: poetry"))
        #expect(family?.line == 28 && family?.message.contains("poetry is not a template family") == true, "\(String(describing: family))")
        try "- {name: poetry, templates: [{inputs: \"{text}\\n\\n{options}\", targets: \"{answer}\"}]}\n"
            .write(toFile: folder + "/families.yaml", atomically: true, encoding: .utf8)
        #expect(prepare(Self.instruct.replacingOccurrences(of: "family: language", with: "family: poetry") + "    templates: families.yaml\n") == nil)
    }
}
