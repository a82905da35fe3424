import CorpusModels
import CorpusShards
import CorpusTensors
import CorpusTestSupport
import CorpusTraining
import Foundation
import Testing

@Suite("Switch T5 runs: auxiliary losses and expert loads in the metrics, determinism, resume, export", .serialized)
struct SwitchRunTests {
    /// EncoderDecoderRunTests' tiny T5 with 2 + 2 blocks, 4 experts in blocks 1.
    static func settings(_ objective: PretrainingObjectiveKind = .span) -> PretrainingSettings {
        var settings = EncoderDecoderRunTests.settings(objective)
        settings.model = .t5(T5Shape(vocabulary: 140, width: 16, heads: 2, headWidth: 8, feedForward: 32, encoderLayers: 2, decoderLayers: 2,
                                     buckets: 8, maximumDistance: 16, sparse: SwitchShape(experts: 4)))
        return settings
    }

    static func makeRun(_ dataset: TokenDataset, _ directory: String, _ settings: PretrainingSettings = settings()) throws -> PretrainingRun<EncoderDecoderDenoising> {
        try PretrainingRun(settings: settings, objective: EncoderDecoderRunTests.denoising(settings), dataset: dataset, directory: directory) { model, folder in
            try WeightsExport.switchTransformer(model, to: folder)
        }
    }

    static func records(_ directory: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: directory + "/metrics.jsonl", encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    @Test("train and validation records carry the routers' losses, each expert's load and the dropped share; the loss includes the auxiliary losses")
    func metrics() throws {
        let dataset = try EncoderDecoderRunTests.dataset()
        let folder = Fixtures.temporaryDirectory()
        try Self.makeRun(dataset, folder).run()
        let records = try Self.records(folder)
        #expect(records.contains { $0["part"] as? String == "validation" })
        for record in records {
            let loads = (0..<4).compactMap { record["expert_\($0)_load"] as? Double }
            #expect(loads.count == 4 && abs(loads.reduce(0, +) - 1) < 1e-9, "\(record)")
            #expect(record["expert_4_load"] == nil)
            let dropped = try #require(record["dropped_tokens_share"] as? Double)
            #expect((0...1).contains(dropped))
            let loss = try #require(record["loss"] as? Double), denoising = try #require(record["denoising_loss"] as? Double)
            let balance = try #require(record["load_balancing_loss"] as? Double), z = try #require(record["router_z_loss"] as? Double)
            #expect(balance > 0 && z > 0)
            #expect(abs(loss - (denoising + balance + z)) < 1e-9 * loss)
        }
    }

    @Test("a sparse run gives the same metrics on one and two threads")
    func threadsDoNotChangeTheNumbers() throws {
        let dataset = try EncoderDecoderRunTests.dataset()
        var settings = Self.settings()
        settings.steps = 3
        let (one, two) = try PretrainingRunTests.lossesOnOneAndTwoThreads { try Self.makeRun(dataset, $0, settings).run() }
        #expect(one == two)
        #expect(one.first?.contains("expert_0_load") == true)
    }

    @Test("a sparse run stopped and resumed ends as the uninterrupted one; the export holds the experts and the Switch settings")
    func resumeAndExport() throws {
        let dataset = try EncoderDecoderRunTests.dataset()
        let whole = Fixtures.temporaryDirectory(), parted = Fixtures.temporaryDirectory()
        try Self.makeRun(dataset, whole).run()
        #expect(try Self.makeRun(dataset, parted).run(stopAfter: 3) == 3)
        try Self.makeRun(dataset, parted).run()
        #expect(try PretrainingRunTests.losses(parted) == PretrainingRunTests.losses(whole))
        let exported = try SafeTensorsFile.read(path: whole + "/export/model.safetensors")
        #expect(exported.tensors["encoder.block.1.layer.1.mlp.experts.expert_3.wo.weight"]?.shape == [16, 32])
        #expect(exported.tensors["decoder.block.1.layer.2.mlp.router.classifier.weight"]?.shape == [4, 16])
        let config = try String(contentsOfFile: whole + "/export/config.json", encoding: .utf8)
        #expect(config.contains("corpus-switch-t5") && config.contains("\"experts\" : 4"))
    }

    @Test("a sparse causal LM trains, with the routers' losses in its metrics")
    func causalLanguageModel() throws {
        let dataset = try EncoderDecoderRunTests.dataset()
        var settings = Self.settings(.causalLM)
        settings.steps = 2
        let folder = Fixtures.temporaryDirectory()
        try PretrainingRun(settings: settings, objective: CausalLanguageModeling(dropout: settings.dropout), dataset: dataset,
                           directory: folder) { try WeightsExport.decoderLanguageModel($0, to: $1) }.run()
        let first = try #require(try Self.records(folder).first)
        #expect(first["lm_loss"] is Double && first["load_balancing_loss"] is Double && first["expert_3_load"] is Double)
    }

    @Test("a sparse T5's loss falls on repetitive data")
    func lossFalls() throws {
        let dataset = try EncoderDecoderRunTests.dataset()
        var settings = Self.settings()
        settings.steps = 60
        settings.learningRate = 1e-2
        settings.logEvery = 20
        settings.checkpointEvery = 60
        settings.evaluateEvery = 60
        var losses: [Double] = []
        try Self.makeRun(dataset, Fixtures.temporaryDirectory(), settings).run { if case .trained(_, let loss, _, _, _) = $0 { losses.append(loss) } }
        #expect(losses.count == 3)
        #expect(losses.last! < losses.first! * 0.8, "losses \(losses)")
    }

    @Test("a Switch T5 step costs its dense twin's FLOPs plus the routers' width × experts products")
    func flops() {
        var shape = T5Shape(vocabulary: 100, width: 16, heads: 2, headWidth: 8, feedForward: 32, encoderLayers: 3, decoderLayers: 2)
        let dense = StepFLOPs(t5: shape, batch: 4, inputLength: 24, targetLength: 10)
        shape.sparse = SwitchShape(experts: 8)
        let sparse = StepFLOPs(t5: shape, batch: 4, inputLength: 24, targetLength: 10)
        // Sparse blocks: encoder 1, decoder 1; a router is 2 × rows × width × experts forward, × 3 for a step.
        let rows: Double = 4 * 24 + 4 * 10, routers: Double = 3 * 2 * rows * 16 * 8
        #expect(sparse.linear - dense.linear == routers)
        #expect(sparse.attention == dense.attention)
    }
}
