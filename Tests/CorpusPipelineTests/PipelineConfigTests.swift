import CorpusModels
import CorpusPipeline
import CorpusTraining
import Foundation
import Testing

/// The error `yaml` gives, read as if from `folder/pipeline.yaml`, and then prepared.
private func configError(_ yaml: String, folder: String = NSTemporaryDirectory()) -> PipelineConfigError? {
    do {
        let config = try PipelineConfig(yaml: yaml, path: folder + "/pipeline.yaml")
        _ = try PipelineRunner(config: config, runDirectory: folder + "/never-made", environment: PipelineEnvironment(filtersDirectory: nil)).prepare()
        return nil
    } catch {
        return error
    }
}

private let header = """
    version: 1
    name: test
    stages:

    """

@Suite("pipeline config")
struct PipelineConfigTests {
    @Test("reads stages with their defaults and resolves each stage's input and tokenizer")
    func readsDefaults() throws {
        let config = try PipelineConfig(yaml: header + """
              - {type: read, inputs: [a.warc.gz]}
              - {type: normalize, name: nfc}
              - {type: dedup, methods: [exact, minhash], memory: 64MB}
              - {type: tokenizer, vocab_size: 1000, special: t5}
              - {type: shard, input: read}
            """, path: "/x/pipeline.yaml")
        #expect(config.seed == 1 && config.workers == nil && config.stages.map(\.name) == ["read", "nfc", "dedup", "tokenizer", "shard"])
        #expect(config.stages[2].input == "nfc" && config.stages[4].input == "read" && config.stages[4].tokenizer == "tokenizer")
        guard case .dedup(let dedup) = config.stages[2].settings, case .tokenizer(let tokenizer) = config.stages[3].settings,
              case .shard(let shard) = config.stages[4].settings else {
            Issue.record("wrong stage types")
            return
        }
        #expect(dedup.memoryBytes == 64 << 20 && dedup.minhashBands == 14 && dedup.partitions == 16)
        #expect(tokenizer.training.vocabSize == 1000 && tokenizer.training.seed == 1 && tokenizer.training.threads == 4)
        #expect(shard.seqLen == 2048 && shard.splitSeed == 1 && shard.validationFraction == 0)
    }

    @Test("refuses an unknown key with its line and the accepted keys")
    func unknownKey() {
        let error = configError(header + """
              - type: read
                inputs: [a.warc]
                fromat: warc
            """)
        #expect(error?.line == 6)
        #expect(error?.message.contains("unknown key \"fromat\"") == true && error?.message.contains("format") == true)
        #expect(configError("version: 1\nname: t\nseeds: 3\nstages: [{type: read, inputs: [a]}]\n")?.line == 3)
    }

    @Test("refuses an unknown stage type with its line, naming the known ones")
    func unknownType() {
        let error = configError(header + """
              - {type: read, inputs: [a.warc]}
              - type: evaluate
            """)
        #expect(error?.line == 5)
        #expect(error?.message.contains("unknown type \"evaluate\"") == true && error?.message.contains("pretrain") == true)
    }

    @Test("refuses impossible values with the line of the value")
    func impossibleValues() {
        let base = header + "  - {type: read, inputs: [a.warc]}\n"
        let cases: [(String, Int, String)] = [
            ("  - {type: tokenizer, vocab_size: 2}\n", 5, "vocab_size"),
            ("  - type: shard\n    validation_fraction: 1.5\n", 6, "validation_fraction"),
            ("  - type: dedup\n    methods: [url]\n    memory: lots\n", 7, "memory"),
            ("  - {type: tokenizer, vocab_size: 500}\n  - {type: shard, compression_level: 40}\n", 6, "compression_level"),
            ("  - {type: dedup, methods: [url, url]}\n", 5, "given twice"),
            ("  - {type: clean, preset: c4, input: later}\n", 5, "no earlier stage is named \"later\""),
            ("  - {type: shard}\n", 5, "needs a tokenizer stage"),
            ("  - {type: read, inputs: [b.warc]}\n", 5, "two stages are named \"read\""),
            ("  - {type: normalize, form: nfd}\n", 5, "nfd"),
        ]
        for (stages, line, words) in cases {
            let error = configError(base + stages)
            #expect(error?.line == line, "\(stages): \(String(describing: error))")
            #expect(error?.message.contains(words) == true, "\(stages): \(String(describing: error))")
        }
        #expect(configError("version: 2\nname: t\nstages: []\n")?.message.contains("version 1") == true)
        #expect(configError("version: 1\nname: a/b\nstages: [{type: read, inputs: [a]}]\n")?.line == 2)
        #expect(configError("version: 1\nname: t\nstages:\n  - {type: read, inputs: [a]\n")?.message.contains("not valid YAML") == true)
    }

    @Test("refuses a missing input file at the line of inputs, before reading anything")
    func missingInput() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "pipeline-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = FileManager.default.createFile(atPath: folder + "/here.jsonl", contents: Data())
        let error = configError(header + """
              - type: read
                inputs:
                  - here.jsonl
                  - missing.warc.gz
            """, folder: folder)
        #expect(error?.line == 6)
        #expect(error?.message.contains("missing.warc.gz does not exist") == true)
        #expect(!FileManager.default.fileExists(atPath: folder + "/never-made"))
        #expect(configError(header + "  - {type: read, inputs: [here.jsonl]}\n", folder: folder) == nil)
    }

    @Test("refuses a preset that is not shipped and not a file, at the line of preset")
    func missingPreset() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "pipeline-preset-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = FileManager.default.createFile(atPath: folder + "/here.jsonl", contents: Data())
        let error = configError(header + "  - {type: read, inputs: [here.jsonl]}\n  - type: clean\n    preset: c5.yaml\n", folder: folder)
        #expect(error?.line == 6 && error?.message.contains("c5.yaml") == true, "\(String(describing: error))")
    }
}

@Suite("shipped pipelines")
struct ShippedPipelineTests {
    static let root = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every `Pipelines/*.yaml`.
    static let names = ((try? FileManager.default.contentsOfDirectory(atPath: root.appending(path: "Pipelines").path)) ?? [])
        .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()

    /// A copy of `Pipelines/NAME.yaml` in a folder laid out like the checkout and its
    /// neighbours: `repo/Pipelines/NAME.yaml`, `repo/Pipelines/samples` (the shipped samples),
    /// and `shared/data/labeled` holding the GLUE-shaped fixture (Tests/Fixtures/glue-like), as a
    /// machine with GLUE's files has them. Returns the copied config's path.
    static func sandbox(_ name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appending(path: "shipped-\(UUID().uuidString)")
        let pipelines = folder.appending(path: "repo/Pipelines"), shared = folder.appending(path: "shared/data")
        try FileManager.default.createDirectory(at: pipelines, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: pipelines.appending(path: "samples"), withDestinationURL: root.appending(path: "Pipelines/samples"))
        try FileManager.default.createSymbolicLink(at: shared.appending(path: "labeled"), withDestinationURL: root.appending(path: "Tests/Fixtures/glue-like"))
        let path = pipelines.appending(path: "\(name).yaml").path
        try FileManager.default.copyItem(atPath: root.appending(path: "Pipelines/\(name).yaml").path, toPath: path)
        return path
    }

    @Test("every pipeline in Pipelines/ is a valid config whose inputs and presets exist (GLUE's files stood in for by the fixture)",
          arguments: names)
    func shippedPipelineIsValid(name: String) throws {
        let config = try PipelineConfig.load(path: try Self.sandbox(name))
        #expect(config.name == name)
        let runner = PipelineRunner(config: config, environment: PipelineEnvironment(filtersDirectory: Self.root.appending(path: "Filters").path))
        #expect(try runner.prepare().count == config.stages.count)
    }

    @Test("the experiment pipelines are shipped and found")
    func experimentPipelinesAreListed() {
        #expect(Self.names.contains("electra-vs-mlm") && Self.names.contains("t5-objectives") && Self.names.contains("quickstart") && Self.names.contains("flan"))
    }

    @Test("without GLUE's files next to the checkout, the experiment pipelines are refused at the line of the first missing file, with where to get GLUE",
          arguments: ["electra-vs-mlm", "t5-objectives", "flan"])
    func missingGLUEIsRefused(name: String) throws {
        let path = try Self.sandbox(name)
        let labeled = (path as NSString).deletingLastPathComponent + "/../../shared/data/labeled"
        try FileManager.default.removeItem(atPath: labeled)
        let config = try PipelineConfig.load(path: path)
        let runner = PipelineRunner(config: config, environment: PipelineEnvironment(filtersDirectory: Self.root.appending(path: "Filters").path))
        let error = #expect(throws: PipelineConfigError.self) { _ = try runner.prepare() }
        let lines = (try String(contentsOfFile: path, encoding: .utf8)).components(separatedBy: "\n")
        let line = error.flatMap { lines.indices.contains($0.line - 1) ? lines[$0.line - 1] : nil } ?? ""
        #expect(line.contains("SST-2/train.tsv"), "\(String(describing: error))")
        #expect(error?.message.contains("gluebenchmark.com") == true && error?.message.contains("does not exist") == true)
    }
}

@Suite("pretraining configs")
struct PretrainConfigTests {
    static func load(_ yaml: String) throws(PipelineConfigError) -> PretrainConfig {
        let path = NSTemporaryDirectory() + "pretrain-\(UUID().uuidString).yaml"
        FileManager.default.createFile(atPath: path, contents: Data(yaml.utf8))
        return try PretrainConfig.load(path: path)
    }

    @Test("the shipped training configs load and keep the preset's values where they repeat them")
    func shippedConfigs() throws {
        let root = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let small = try PretrainConfig.load(path: root.appending(path: "Pipelines/train/electra-small.yaml").path)
        #expect(small.settings(vocabulary: 32_000) == PretrainingSettings.electraSmall(vocabulary: 32_000).withLogging(100))
        let tiny = try PretrainConfig.load(path: root.appending(path: "Pipelines/train/electra-tiny.yaml").path)
        #expect(tiny.settings(vocabulary: 8_000) == PretrainingSettings.electraTiny(vocabulary: 8_000))
    }

    @Test("an unknown key, impossible sizes and an uneven checkpoint interval are refused with the line and what to change")
    func refusals() {
        #expect { try Self.load("version: 1\ntraining:\n  batch: 16\n") } throws: { error in
            let e = error as! PipelineConfigError
            return e.line == 3 && e.message.contains("unknown key \"batch\"") && e.message.contains("batch_size")
        }
        #expect { try Self.load("version: 1\nmodel:\n  discriminator: {hidden: 100, heads: 3}\n") } throws: { error in
            "\(error)".contains("hidden 100 is not a multiple of heads 3")
        }
        #expect { try Self.load("version: 1\ndata:\n  sequence_length: 1024\n") } throws: { error in
            "\(error)".contains("exceeds maximum_length 512")
        }
        #expect { try Self.load("version: 1\nrun:\n  log_every: 3\n  checkpoint_every: 10\n") } throws: { error in
            "\(error)".contains("multiple of log_every")
        }
        #expect { try Self.load("version: 1\nobjective: gpt\n") } throws: { error in "\(error)".contains("not one of rtd, mlm") }
    }

    @Test("the T5 and UL2 configs load; objectives default to a preset of their model's kind")
    func t5Configs() throws {
        let root = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let small = try PretrainConfig.load(path: root.appending(path: "Pipelines/train/t5-small.yaml").path)
        #expect(small.settings(vocabulary: 32_000) == PretrainingSettings.t5Small(vocabulary: 32_000).withLogging(100))
        let tiny = try PretrainConfig.load(path: root.appending(path: "Pipelines/train/t5-tiny.yaml").path)
        #expect(tiny.settings(vocabulary: 8_000) == PretrainingSettings.t5Tiny(vocabulary: 8_000))
        let ul2 = try PretrainConfig.load(path: root.appending(path: "Pipelines/train/ul2-tiny.yaml").path)
        #expect(ul2.settings.objective == .ul2 && ul2.settings.denoising.mixture == "ul2")
        let causal = try Self.load("version: 1\nobjective: causal-lm\nmodel: {d_model: 64, decoder_layers: 3, feed_forward: gated-gelu}\n")
        #expect(causal.settings.model.t5?.width == 64 && causal.settings.model.t5?.decoderLayers == 3)
        #expect(causal.settings.model.t5?.feedForwardKind == .gatedGELU)
    }

    @Test("an objective that does not fit the preset's model, ELECTRA keys on T5 and a bad mixture are refused")
    func t5Refusals() {
        #expect { try Self.load("version: 1\nobjective: span\npreset: electra-tiny\n") } throws: { error in
            let e = error as! PipelineConfigError
            return e.line == 2 && e.message.contains("use preset t5-small")
        }
        #expect { try Self.load("version: 1\npreset: t5-tiny\nmodel:\n  embedding: 64\n") } throws: { error in
            "\(error)".contains("unknown key \"embedding\"")
        }
        #expect { try Self.load("version: 1\nobjective: ul2\ntraining: {mixture: ul3}\n") } throws: { error in
            "\(error)".contains("not one of ul2, ul2r")
        }
        #expect { try Self.load("version: 1\nobjective: span\nmodel: {feed_forward: swiglu}\n") } throws: { error in
            "\(error)".contains("relu, gated-gelu")
        }
    }
}

@Suite("Switch Transformer config keys")
struct SwitchConfigTests {
    @Test("switch-tiny.yaml loads as the switch-tiny preset, which is t5-tiny with 8 experts in every other block")
    func shippedConfig() throws {
        let root = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let config = try PretrainConfig.load(path: root.appending(path: "Pipelines/train/switch-tiny.yaml").path)
        #expect(config.settings(vocabulary: 8_000) == PretrainingSettings.switchTiny(vocabulary: 8_000))
        var dense = PretrainingSettings.switchTiny(vocabulary: 8_000)
        dense.model = PretrainingSettings.t5Tiny(vocabulary: 8_000).model
        #expect(dense == PretrainingSettings.t5Tiny(vocabulary: 8_000))
        #expect(config.settings.model.t5?.sparse == SwitchShape(experts: 8))
    }

    @Test("every Switch key reaches the settings; experts 0 means dense")
    func keys() throws {
        let config = try PretrainConfigTests.load("""
            version: 1
            objective: span
            preset: t5-tiny
            model: {experts: 4, sparse_every: 1, capacity_factor: 1.5, eval_capacity_factor: 3, load_balancing_loss: 0.02,
                    router_z_loss: 0.0005, expert_dropout: 0.4, router_jitter: 0, expert_init_scale: 0.5}
            """)
        #expect(config.settings.model.t5?.sparse == SwitchShape(experts: 4, sparseEvery: 1, capacityFactor: 1.5, evaluationCapacityFactor: 3,
                                                                  loadBalancingWeight: 0.02, routerZLossWeight: 0.0005, expertDropout: 0.4,
                                                                  routerJitter: 0, initializationScale: 0.5))
        let dense = try PretrainConfigTests.load("version: 1\npreset: switch-tiny\nmodel: {experts: 0}\n")
        #expect(dense.settings.model.t5?.sparse == nil)
    }

    @Test("Switch keys without experts, one expert, a bad capacity factor and a placement with no sparse block are refused")
    func refusals() {
        #expect { try PretrainConfigTests.load("version: 1\npreset: t5-tiny\nmodel:\n  capacity_factor: 2\n") } throws: { error in
            let e = error as! PipelineConfigError
            return e.line == 4 && e.message.contains("add experts: N")
        }
        #expect { try PretrainConfigTests.load("version: 1\npreset: t5-tiny\nmodel: {experts: 1}\n") } throws: { error in
            "\(error)".contains("at least 2 experts")
        }
        #expect { try PretrainConfigTests.load("version: 1\npreset: switch-tiny\nmodel: {capacity_factor: 0}\n") } throws: { error in
            "\(error)".contains("capacity_factor") && "\(error)".contains("out of range")
        }
        #expect { try PretrainConfigTests.load("version: 1\npreset: switch-tiny\nmodel: {encoder_layers: 1, decoder_layers: 1}\n") } throws: { error in
            "\(error)".contains("makes no block sparse")
        }
        #expect { try PretrainConfigTests.load("version: 1\npreset: switch-tiny\nmodel: {expert_capacity: 64}\n") } throws: { error in
            "\(error)".contains("unknown key \"expert_capacity\"")
        }
    }
}

extension PretrainingSettings {
    /// The same settings logging every `steps` steps.
    func withLogging(_ steps: Int) -> PretrainingSettings {
        var copy = self
        copy.logEvery = steps
        return copy
    }
}
