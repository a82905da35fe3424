import CorpusModels
import CorpusTensors
import CorpusTestSupport
import Foundation
import Testing

/// Forward and backward of tiny ELECTRA models against HuggingFace/PyTorch in float64
/// (`Fixtures/electra-golden.safetensors`, made by `scripts/electra/make_golden.py`).
@Suite("ELECTRA against PyTorch (HuggingFace transformers), float64")
struct PyTorchGoldenTests {
    static let file: SafeTensorsFile? = try? SafeTensorsFile.read(path: Repository.root + "/Tests/CorpusModelsTests/Fixtures/electra-golden.safetensors")

    /// The fixture's models' sizes (its README): vocabulary 40, embedding 8, 16 positions.
    static let shape = ElectraShape(vocabulary: 40, embedding: 8, maximumLength: 16,
                                    discriminator: EncoderShape(hidden: 12, layers: 2, heads: 2, feedForward: 20),
                                    generator: EncoderShape(hidden: 4, layers: 1, heads: 1, feedForward: 8))

    /// Our model with every tensor taken from the fixture: `prefix` (`disc.` or `gen.`) selects
    /// the HF model whose embeddings fill the shared tables.
    static func model(_ file: SafeTensorsFile, embeddingsFrom prefix: String) throws -> ElectraModel<Double> {
        var random = SplitMix64(seed: 1)
        var model = ElectraModel<Double>(shape: shape, generator: &random)
        var missing: [String] = []
        model.visit { name, shape, tensor, _ in
            let source: String
            if name.hasPrefix("discriminator.electra.embeddings.") {
                source = prefix + String(name.dropFirst("discriminator.".count))
            } else if name.hasPrefix("discriminator.") {
                source = "disc." + String(name.dropFirst("discriminator.".count))
            } else {
                source = "gen." + String(name.dropFirst("generator.".count))
            }
            guard let stored = file.tensors[source], stored.shape == shape, let values = try? stored.doubles() else {
                missing.append("\(source) \(shape)")
                return
            }
            tensor = values
        }
        #expect(missing.isEmpty, "not in the fixture: \(missing)")
        return model
    }

    static func close(_ ours: [Double], _ theirs: [Double], _ what: String, tolerance: Double = 1e-10) {
        #expect(ours.count == theirs.count, "\(what): \(ours.count) values, PyTorch has \(theirs.count)")
        var worst = 0.0
        for (a, b) in zip(ours, theirs) { worst = max(worst, abs(a - b) / max(1, abs(b))) }
        #expect(worst < tolerance, "\(what): worst difference \(worst)")
    }

    static func inputs(_ file: SafeTensorsFile) throws -> (ids: [Int32], keep: [Bool], batch: Int, length: Int) {
        let ids = try #require(file.tensors["input_ids"])
        let mask = try file.tensors["attention_mask"]!.int64s()
        return (try ids.int64s().map { Int32($0) }, mask.map { $0 != 0 }, ids.shape[0], ids.shape[1])
    }

    @Test("discriminator logits, loss and every weight's gradient match ElectraForPreTraining")
    func discriminator() throws {
        let file = try #require(Self.file, "the fixture is part of the repository")
        let model = try Self.model(file, embeddingsFrom: "disc.")
        let (ids, keep, batch, length) = try Self.inputs(file)
        var none = SplitMix64(seed: 0)
        let (logits, cache) = model.discriminatorForward(ids, batch: batch, length: length, keep: keep, dropout: 0, generator: &none)
        Self.close(logits, try file.tensors["disc.logits"]!.doubles(), "logits")
        let labels = try file.tensors["disc.labels"]!.int64s().map(Double.init)
        let weights = keep.map { $0 ? 1.0 : 0.0 }
        let (loss, counted) = BinaryCrossEntropy.forward(logits: logits, labels: labels, weights: weights)
        Self.close([loss], try file.tensors["disc.loss"]!.doubles(), "loss")
        var dLogits = [Double](repeating: 0, count: logits.count)
        BinaryCrossEntropy.backward(logits: logits, labels: labels, weights: weights, counted: counted, dLogits: &dLogits)
        var gradients = model.zeroed()
        model.discriminatorBackward(dLogits, ids: ids, batch: batch, length: length, activations: cache, gradients: &gradients)
        var compared = 0
        gradients.visit { name, _, gradient, _ in
            guard name.hasPrefix("discriminator.") else { return }
            let key = "disc.grad." + String(name.dropFirst("discriminator.".count))
            guard let theirs = try? file.tensors[key]?.doubles() else { Issue.record("no \(key)"); return }
            Self.close(gradient, theirs, key)
            compared += 1
        }
        #expect(compared == 43)
    }

    @Test("generator logits, masked-LM loss and every weight's gradient match ElectraForMaskedLM")
    func generator() throws {
        let file = try #require(Self.file)
        let model = try Self.model(file, embeddingsFrom: "gen.")
        let (ids, keep, batch, length) = try Self.inputs(file)
        let positions = Array(0..<(batch * length))
        var none = SplitMix64(seed: 0)
        let (logits, cache) = model.generatorForward(ids, batch: batch, length: length, keep: keep, positions: positions, dropout: 0, generator: &none)
        Self.close(logits, try file.tensors["gen.logits"]!.doubles(), "logits")
        let targets = try file.tensors["gen.labels"]!.int64s().map { Int32($0) }
        let (loss, probabilities, counted) = CrossEntropy.forward(logits: logits, targets: targets, classes: 40)
        Self.close([loss], try file.tensors["gen.loss"]!.doubles(), "loss")
        var dLogits = [Double](repeating: 0, count: logits.count)
        CrossEntropy.backward(probabilities: probabilities, targets: targets, classes: 40, counted: counted, dLogits: &dLogits)
        var gradients = model.zeroed()
        model.generatorBackward(dLogits, ids: ids, batch: batch, length: length, positions: positions, activations: cache, gradients: &gradients)
        var compared = 0
        gradients.visit { name, _, gradient, _ in
            let key: String
            if name.hasPrefix("discriminator.electra.embeddings.") {
                key = "gen.grad." + String(name.dropFirst("discriminator.".count))
            } else if name.hasPrefix("generator.") {
                key = "gen.grad." + String(name.dropFirst("generator.".count))
            } else {
                return
            }
            guard let theirs = try? file.tensors[key]?.doubles() else { Issue.record("no \(key)"); return }
            Self.close(gradient, theirs, key)
            compared += 1
        }
        #expect(compared == 28)
    }
}
