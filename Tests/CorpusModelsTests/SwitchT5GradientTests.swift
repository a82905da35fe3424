import CorpusModels
import CorpusTensors
import CorpusTestSupport
import Foundation
import Testing

@Suite("a sparse (Switch) T5 against finite differences (Float64), and its tensor names")
struct SwitchT5GradientTests {
    /// T5GradientTests' tiny T5 with 3 experts; `sparseEvery` 1 makes every block sparse.
    static func shape(sparseEvery: Int, capacityFactor: Double, kind: T5Shape.FeedForwardKind = .relu) -> T5Shape {
        var shape = T5GradientTests.shape(kind, tied: true)
        shape.sparse = SwitchShape(experts: 3, sparseEvery: sparseEvery, capacityFactor: capacityFactor, loadBalancingWeight: 0.2,
                                   routerZLossWeight: 0.05, expertDropout: 0.3, routerJitter: 0.1)
        return shape
    }

    /// Cross-entropy plus the routers' auxiliary losses, in training mode (dropout, jitter, training capacity).
    static func loss(_ model: T5Model<Double>, seed: UInt64) -> (Double, [Double], T5Model<Double>.Activations) {
        var random = SplitMix64(seed: seed)
        let batch = T5GradientTests.batch, targets = T5GradientTests.targets
        let (logits, activations) = model.forward(batch, dropout: 0.1, training: true, generator: &random)
        let (loss, probabilities, counted) = CrossEntropy.forward(logits: logits, targets: targets, classes: model.shape.vocabulary)
        var dLogits = [Double](repeating: 0, count: logits.count)
        CrossEntropy.backward(probabilities: probabilities, targets: targets, classes: model.shape.vocabulary, counted: counted, dLogits: &dLogits)
        return (loss + activations.routing.auxiliaryLoss, dLogits, activations)
    }

    static func check(_ shape: T5Shape, seed: UInt64) -> (error: Double, routing: RoutingStatistics) {
        var random = SplitMix64(seed: seed)
        var model = T5Model<Double>(shape: shape, generator: &random)
        // Routers wider than the paper's initialization, so that tokens spread over the experts.
        model.visit { name, _, tensor, _ in
            if name.hasSuffix("router.classifier.weight") { tensor = randomValues(tensor.count, scale: 2, &random) }
        }
        let (_, dLogits, activations) = loss(model, seed: 50)
        var gradients = model.zeroed()
        model.backward(dLogits, batch: T5GradientTests.batch, activations: activations, gradients: &gradients)
        let error = maximumGradientError(model.tensors, loss: { loss(model.replacing($0), seed: 50).0 }, analytic: gradients.tensors)
        return (error, activations.routing)
    }

    @Test("every weight of a T5 whose every block is sparse, with tokens dropped for capacity")
    func everyBlockSparse() {
        let (error, routing) = Self.check(Self.shape(sparseEvery: 1, capacityFactor: 0.6), seed: 51)
        #expect(routing.layers == 4)
        #expect(routing.dropped > 0)
        #expect(error < 1e-6)
    }

    @Test("every weight of a gated-GELU T5 with Switch's every-other-block placement and no dropping")
    func everyOtherBlockSparse() {
        let (error, routing) = Self.check(Self.shape(sparseEvery: 2, capacityFactor: 3, kind: .gatedGELU), seed: 52)
        #expect(routing.layers == 2)
        #expect(routing.dropped == 0)
        #expect(error < 1e-6)
    }

    @Test("every weight of a sparse decoder-only LM")
    func decoderOnly() {
        var random = SplitMix64(seed: 53)
        let model = DecoderLanguageModel<Double>(shape: Self.shape(sparseEvery: 1, capacityFactor: 1), generator: &random)
        let ids: [Int32] = [5, 7, 9, 4, 1, 6, 8, 1, 0, 0], keep = T5GradientTests.batch.inputKeep
        let targets: [Int32] = [7, 9, 4, 1, -1, 8, 1, -1, -1, -1]
        func run(_ model: DecoderLanguageModel<Double>) -> (Double, [Double], DecoderLanguageModel<Double>.Activations) {
            var draws = SplitMix64(seed: 54)
            let (logits, activations) = model.forward(ids, batch: 2, length: 5, keep: keep, dropout: 0.1, training: true, generator: &draws)
            let (loss, probabilities, counted) = CrossEntropy.forward(logits: logits, targets: targets, classes: 11)
            var dLogits = [Double](repeating: 0, count: logits.count)
            CrossEntropy.backward(probabilities: probabilities, targets: targets, classes: 11, counted: counted, dLogits: &dLogits)
            return (loss + activations.routing.auxiliaryLoss, dLogits, activations)
        }
        let (_, dLogits, activations) = run(model)
        #expect(activations.routing.layers == 2)
        var gradients = model.zeroed()
        model.backward(dLogits, ids: ids, batch: 2, length: 5, keep: keep, activations: activations, gradients: &gradients)
        #expect(maximumGradientError(model.tensors, loss: { run(model.replacing($0)).0 }, analytic: gradients.tensors) < 1e-6)
    }

    @Test("sparse blocks name their weights as HuggingFace's Switch Transformers; dense blocks keep T5's names")
    func names() {
        var random = SplitMix64(seed: 55)
        let names = T5Model<Double>(shape: Self.shape(sparseEvery: 2, capacityFactor: 1), generator: &random).shapes.map(\.name)
        #expect(names.contains("encoder.block.0.layer.1.DenseReluDense.wi.weight"))
        #expect(names.contains("encoder.block.1.layer.1.mlp.router.classifier.weight"))
        #expect(names.contains("encoder.block.1.layer.1.mlp.experts.expert_2.wo.weight"))
        #expect(names.contains("decoder.block.1.layer.2.mlp.experts.expert_0.wi.weight"))
        #expect(!names.contains("encoder.block.1.layer.1.DenseReluDense.wi.weight"))
        #expect(Set(names).count == names.count)
    }

    @Test("a dense shape encodes as before: no sparse key in the settings JSON")
    func denseEncoding() throws {
        let dense = T5GradientTests.shape(.relu, tied: true)
        let json = String(decoding: try JSONEncoder().encode(dense), as: UTF8.self)
        #expect(!json.contains("sparse"))
        let sparse = Self.shape(sparseEvery: 2, capacityFactor: 1)
        #expect(try JSONDecoder().decode(T5Shape.self, from: JSONEncoder().encode(sparse)) == sparse)
    }
}
