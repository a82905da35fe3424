import CorpusFinetuning
import Foundation
import Testing

@Suite("Fine-tuning settings, inputs and layer-wise rates")
struct FinetuneSettingsTests {
    @Test("JSON settings keep ELECTRA's defaults for missing keys and refuse an unknown key")
    func codable() throws {
        let settings = try JSONDecoder().decode(FinetuneSettings.self, from: Data(#"{"epochs": 5, "learning_rate": 3e-4}"#.utf8))
        var expected = FinetuneSettings()
        expected.epochs = 5
        expected.learningRate = 3e-4
        #expect(settings == expected)
        #expect(expected.batchSize == 32 && expected.maximumLength == 128 && expected.weightDecay == 0.01 && expected.warmupFraction == 0.1)
        #expect(try JSONDecoder().decode(FinetuneSettings.self, from: JSONEncoder().encode(settings)) == settings)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(FinetuneSettings.self, from: Data(#"{"epoch": 5}"#.utf8)) }
        var bad = FinetuneSettings()
        bad.batchSize = 0
        bad.layerDecay = 1.5
        #expect(bad.problems().count == 2)
    }

    @Test("ELECTRA inputs are [CLS] a [SEP] b [SEP] with token types, cut longest-first to the maximum length")
    func electraInputs() {
        let format = InputFormat.electra(cls: 3, sep: 4)
        let single = format.sequence([10, 11, 12], nil, maximumLength: 8)
        #expect(single.ids == [3, 10, 11, 12, 4] && single.types == [0, 0, 0, 0, 0])
        let pair = format.sequence([10, 11, 12, 13, 14], [20, 21], maximumLength: 8)
        #expect(pair.ids == [3, 10, 11, 12, 4, 20, 21, 4])
        #expect(pair.types == [0, 0, 0, 0, 0, 1, 1, 1])
        #expect(format.sequence(Array(10..<20), nil, maximumLength: 6).ids == [3, 10, 11, 12, 13, 4])
    }

    @Test("T5 inputs end each text with </s>")
    func t5Inputs() {
        let format = InputFormat.t5(eos: 1)
        #expect(format.sequence([10, 11], nil, maximumLength: 8).ids == [10, 11, 1])
        #expect(format.sequence([10, 11, 12], [20, 21, 22], maximumLength: 6).ids == [10, 11, 1, 20, 21, 1])
    }

    @Test("layer-wise decay gives the head the full rate, the top layer decay², the embeddings decay^(layers+2)")
    func layerRates() {
        #expect(layerRateMultiplier(tensor: "classifier.out_proj.weight", layers: 4, decay: 0.8) == 1)
        #expect(abs(layerRateMultiplier(tensor: "electra.encoder.layer.3.output.dense.weight", layers: 4, decay: 0.8) - 0.64) < 1e-12)
        #expect(abs(layerRateMultiplier(tensor: "electra.encoder.layer.0.output.dense.weight", layers: 4, decay: 0.8) - 0.8 * 0.8 * 0.8 * 0.8 * 0.8) < 1e-12)
        #expect(abs(layerRateMultiplier(tensor: "electra.embeddings_project.weight", layers: 4, decay: 0.5) - 1.0 / 64) < 1e-12)
        #expect(abs(layerRateMultiplier(tensor: "encoder.block.1.layer.0.SelfAttention.q.weight", layers: 2, decay: 0.5) - 0.25) < 1e-12)
        #expect(layerRateMultiplier(tensor: "shared.weight", layers: 2, decay: 1) == 1)
    }

    @Test("a batch pads every sequence to the longest with id 0 and keep false")
    func batching() {
        let examples = EncodedExamples(ids: [[3, 9, 4], [3, 8, 7, 6, 4]], types: [[0, 0, 0], [0, 0, 0, 1, 1]], labels: [1, 0])
        let batch = examples.batch([1, 0])
        #expect(batch.length == 5 && batch.labels == [0, 1])
        #expect(batch.ids == [3, 8, 7, 6, 4, 3, 9, 4, 0, 0])
        #expect(batch.types == [0, 0, 0, 1, 1, 0, 0, 0, 0, 0])
        #expect(batch.keep == [true, true, true, true, true, true, true, true, false, false])
    }
}
