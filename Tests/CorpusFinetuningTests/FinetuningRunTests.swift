import CorpusFinetuning
import CorpusModels
import CorpusTensors
import CorpusTestSupport
import CorpusTraining
import Foundation
import Testing

@Suite("Fine-tuning pretrained encoders on a small real-text task", .serialized)
struct FinetuningRunTests {
    /// Settings for a tiny model on a tiny task: a higher rate than ELECTRA's 1e-4, HuggingFace's ε, few steps.
    static func settings(seeds: Int = 2, epochs: Int = 4) -> FinetuneSettings {
        var settings = FinetuneSettings()
        settings.learningRate = 2e-3
        settings.epochs = epochs
        settings.batchSize = 16
        settings.maximumLength = 64
        settings.seeds = seeds
        // ELECTRA's ε of 1e-6 is above most gradients of a tiny, barely trained encoder.
        settings.adamEpsilon = 1e-8
        return settings
    }

    static func task(train: Int = 240, dev: Int = 80) throws -> ClassificationTask {
        let files = try LanguageTask.writeFiles(into: Fixtures.temporaryDirectory(), trainCount: train, devCount: dev)
        return try ClassificationTask(train: files.train, dev: files.dev, layout: .sst2)
    }

    /// A checkpoint of a randomly initialized T5 (d_model 32, 2 + 1 blocks) as pretraining writes one.
    static func t5Checkpoint(objective: PretrainingObjectiveKind = .span) throws -> String {
        let vocabulary = LanguageTask.tokenizer.vocabSize
        var settings = PretrainingSettings.t5Tiny(vocabulary: vocabulary)
        settings.objective = objective
        settings.model = .t5(T5Shape(vocabulary: vocabulary, width: 32, heads: 2, headWidth: 16, feedForward: 64, encoderLayers: 2,
                                     decoderLayers: 1))
        var random = SeededGenerator(seed: 7)
        var model = T5Model<Float>(shape: settings.model.t5!, generator: &random)
        var tensors: [String: SafeTensor] = [:]
        model.visit { name, shape, tensor, _ in tensors[name] = SafeTensor(tensor, shape: shape) }
        let path = Fixtures.temporaryDirectory() + "/" + PretrainingCheckpoint.fileName(step: 0)
        let json = String(decoding: try PretrainingCheckpoint.settingsJSON(settings), as: UTF8.self)
        try SafeTensorsFile(tensors: tensors, metadata: ["format": PretrainingCheckpoint.format, "version": "1", "step": "0", "settings": json])
            .write(path: path)
        return path
    }

    /// A checkpoint of a randomly initialized ELECTRA pair (hidden 32, 2 layers) with weights
    /// N(0, deviation²), as an rtd run writes one.
    static func electraCheckpoint(deviation: Double) throws -> String {
        let vocabulary = LanguageTask.tokenizer.vocabSize
        var settings = PretrainingSettings.electraTiny(vocabulary: vocabulary)
        let shape = ElectraShape(vocabulary: vocabulary, embedding: 32, maximumLength: 128,
                                 discriminator: EncoderShape(hidden: 32, layers: 2, heads: 2, feedForward: 64),
                                 generator: EncoderShape(hidden: 16, layers: 1, heads: 1, feedForward: 32))
        settings.model = .electra(shape)
        var random = SeededGenerator(seed: 8)
        var model = ElectraModel<Float>(shape: shape, deviation: deviation, generator: &random)
        var tensors: [String: SafeTensor] = [:]
        model.visit { name, shape, tensor, _ in tensors[name] = SafeTensor(tensor, shape: shape) }
        let path = Fixtures.temporaryDirectory() + "/" + PretrainingCheckpoint.fileName(step: 0)
        let json = String(decoding: try PretrainingCheckpoint.settingsJSON(settings), as: UTF8.self)
        try SafeTensorsFile(tensors: tensors, metadata: ["format": PretrainingCheckpoint.format, "version": "1", "step": "0", "settings": json])
            .write(path: path)
        return path
    }

    @Test("an ELECTRA discriminator from a checkpoint file tells English lines from others well above chance")
    func electraLearnsTheTask() throws {
        let task = try Self.task()
        #expect(task.labels == ["en", "other"])
        #expect(task.train.hadHeader && task.train.examples.count == 240 && task.dev.examples.count == 80)
        // A random encoder (N(0, 0.1²)): a few pretraining steps leave [CLS] as uninformative.
        let model = try PretrainedModel(path: Self.electraCheckpoint(deviation: 0.1))
        #expect(model.isElectra && model.summary.hasPrefix("ELECTRA discriminator"))
        var settings = Self.settings(seeds: 1, epochs: 5)
        settings.learningRate = 1e-3
        var epochsSeen = 0
        let results = try Finetuning.run(task: task, model: model, tokenizer: LanguageTask.tokenizer, tokenizerPath: LanguageTask.tokenizerPath,
                                         settings: settings) { event in
            if case .evaluated = event { epochsSeen += 1 }
        }
        #expect(epochsSeen == 5)
        let seed = try #require(results.seeds.first)
        #expect(seed.epochs.count == 5 && seed.steps == 5 * 15 && seed.confusion.total == 80)
        // The dev set is balanced: chance is 50 %.
        #expect(seed.accuracy > 0.75, "dev accuracy by epoch \(seed.epochs.map(\.accuracy))")
        #expect(seed.matthewsCorrelation > 0.5)
        #expect(results.accuracy.median == seed.accuracy)
        #expect(seed.epochs.last!.trainLoss < seed.epochs.first!.trainLoss)
    }

    @Test("a pretraining run folder gives its newest checkpoint's discriminator, which fine-tunes")
    func runFolder() throws {
        let folder = try LanguageTask.pretrainedElectra(steps: 4)
        let model = try PretrainedModel(path: folder)
        #expect(model.step == 4 && model.path.hasSuffix("checkpoints/step-00000004.safetensors"))
        // The encoder is the discriminator's, bit for bit.
        var classifier = try model.electraClassifier(classes: 3, seed: 1)
        let stored = try SafeTensorsFile.read(path: model.path)
        var compared = 0
        classifier.visit { name, _, tensor, _ in
            guard name.hasPrefix("electra.") else { return }
            #expect(try! stored.tensors["discriminator." + name]!.floats() == tensor, "\(name)")
            compared += 1
        }
        #expect(compared == classifier.shapes.count - 4)
        let results = try Finetuning.run(task: Self.task(train: 32, dev: 16), model: model, tokenizer: LanguageTask.tokenizer,
                                         tokenizerPath: LanguageTask.tokenizerPath, settings: Self.settings(seeds: 1, epochs: 1))
        #expect(results.pretrainingStep == 4 && results.objective == "rtd" && results.seeds[0].steps == 2)
    }

    @Test("a T5 encoder with the mean-pooled head, from a checkpoint file, learns the task above chance")
    func t5LearnsTheTask() throws {
        let task = try Self.task()
        let model = try PretrainedModel(path: Self.t5Checkpoint())
        #expect(!model.isElectra)
        var settings = Self.settings(seeds: 1)
        settings.dropout = 0
        let results = try Finetuning.run(task: task, model: model, tokenizer: LanguageTask.tokenizer, tokenizerPath: LanguageTask.tokenizerPath,
                                         settings: settings)
        #expect(results.accuracy.median > 0.75, "dev accuracy \(results.seeds.map(\.accuracy))")
        #expect(results.accuracy.standardDeviation == nil)
    }

    @Test("a seed gives the same numbers on one and two threads, and another seed other numbers")
    func deterministic() throws {
        let task = try Self.task(train: 64, dev: 32)
        let model = try PretrainedModel(path: Self.t5Checkpoint())
        let threads = BLASRuntime.threads
        defer { BLASRuntime.setThreads(threads) }
        var runs: [[SeedResult]] = []
        for count in [1, 2] {
            BLASRuntime.setThreads(count)
            let results = try Finetuning.run(task: task, model: model, tokenizer: LanguageTask.tokenizer,
                                             tokenizerPath: LanguageTask.tokenizerPath, settings: Self.settings(seeds: 2, epochs: 2))
            runs.append(results.seeds.map { var seed = $0; seed.seconds = 0; return seed })
        }
        #expect(runs[0] == runs[1])
        #expect(runs[0][0].epochs.map(\.trainLoss) != runs[0][1].epochs.map(\.trainLoss))
    }

    @Test("results are written atomically as one JSON file, or as results.json and metrics.jsonl in a folder")
    func writing() throws {
        let task = try Self.task(train: 32, dev: 16)
        let results = try Finetuning.run(task: task, model: PretrainedModel(path: Self.t5Checkpoint()), tokenizer: LanguageTask.tokenizer,
                                         tokenizerPath: LanguageTask.tokenizerPath, settings: Self.settings(seeds: 2, epochs: 2))
        let folder = Fixtures.temporaryDirectory() + "/out"
        let written = try Finetuning.write(results, to: folder)
        #expect(written == [folder + "/results.json", folder + "/metrics.jsonl"])
        let decoded = try JSONDecoder().decode(FinetuneResults.self, from: Data(contentsOf: URL(fileURLWithPath: written[0])))
        #expect(decoded == results)
        let lines = try String(contentsOfFile: written[1], encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4 && lines[0].contains("\"seed\":1") && lines[0].contains("\"mcc\""))
        let file = Fixtures.temporaryDirectory() + "/r.json"
        #expect(try Finetuning.write(results, to: file) == [file])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["metrics.jsonl", "results.json"])
        #expect(results.table.contains("median"))
    }

    @Test("a missing checkpoint, a folder without checkpoints, a decoder-only model and another tokenizer are refused with what to do")
    func refusals() throws {
        #expect(throws: FinetuneError.missing(path: "/nonexistent/run", what: "checkpoint or pretraining run folder")) {
            try PretrainedModel(path: "/nonexistent/run")
        }
        let empty = Fixtures.temporaryDirectory()
        #expect { try PretrainedModel(path: empty) } throws: { "\($0)".contains("no checkpoints/step-*.safetensors") }
        let causal = try PretrainedModel(path: Self.t5Checkpoint(objective: .causalLM))
        #expect { try causal.t5Classifier(classes: 2, seed: 1) } throws: { "\($0)".contains("decoder-only") }
        // An ELECTRA checkpoint needs [CLS] and [SEP]; a T5 one needs the tokenizer's vocabulary.
        let t5 = try PretrainedModel(path: Self.t5Checkpoint())
        #expect(try Finetuning.inputFormat(for: t5, tokenizer: LanguageTask.tokenizer, tokenizerPath: "t") == .t5(eos: 1))
        var settings = FinetuneSettings()
        settings.maximumLength = 2
        #expect(throws: FinetuneError.self) {
            try Finetuning.run(task: Self.task(train: 8, dev: 4), model: t5, tokenizer: LanguageTask.tokenizer, tokenizerPath: "t", settings: settings)
        }
    }
}
