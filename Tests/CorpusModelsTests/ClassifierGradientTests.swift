import CorpusModels
import CorpusTensors
import CorpusTestSupport
import Testing

@Suite("Classification heads with their encoders: gradients against finite differences (Float64)")
struct ClassifierGradientTests {
    /// Two sequences of 5, the second with 2 pads; a pair's second text has token type 1.
    static let ids: [Int32] = [4, 7, 9, 5, 11, 4, 8, 5, 0, 0]
    static let types: [Int32] = [0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
    static let keep: [Bool] = [true, true, true, true, true, true, true, true, false, false]
    static let targets: [Int32] = [2, 0]

    /// Softmax cross-entropy of `logits` against `targets`, and ∂loss/∂logits.
    static func crossEntropy(_ logits: [Double], classes: Int) -> (Double, [Double]) {
        let (loss, probabilities, counted) = CrossEntropy.forward(logits: logits, targets: targets, classes: classes)
        var dLogits = [Double](repeating: 0, count: logits.count)
        CrossEntropy.backward(probabilities: probabilities, targets: targets, classes: classes, counted: counted, dLogits: &dLogits)
        return (loss, dLogits)
    }

    static func electraError(types: [Int32], dropout: Double, skew: Double = 1) -> Double {
        let shape = ElectraShape(vocabulary: 12, embedding: 4, maximumLength: 6,
                                 discriminator: EncoderShape(hidden: 6, layers: 2, heads: 2, feedForward: 8),
                                 generator: EncoderShape(hidden: 2, layers: 1, heads: 1, feedForward: 4))
        var random = SplitMix64(seed: 11)
        let model = ElectraClassifier<Double>(shape: shape, classes: 3, deviation: 0.4, generator: &random)
        func run(_ model: ElectraClassifier<Double>) -> (Double, [Double], ElectraClassifier<Double>.Activations) {
            var draws = SplitMix64(seed: 12)  // the same dropout masks on every evaluation
            let (logits, activations) = model.forward(ids, types: types, batch: 2, length: 5, keep: keep, dropout: dropout, generator: &draws)
            let (loss, dLogits) = crossEntropy(logits, classes: 3)
            return (loss, dLogits.map { $0 * skew }, activations)
        }
        let (_, dLogits, activations) = run(model)
        var gradients = model.zeroed()
        model.backward(dLogits, ids: ids, types: types, batch: 2, length: 5, activations: activations, gradients: &gradients)
        return maximumGradientError(model.tensors, loss: { run(model.replacing($0)).0 }, analytic: gradients.tensors)
    }

    @Test("every weight of the ELECTRA classifier ([CLS] head, encoder, embeddings) with dropout, padding and a sentence pair")
    func electraPair() {
        #expect(Self.electraError(types: Self.types, dropout: 0.1) < 1e-6)
    }

    @Test("every weight of the ELECTRA classifier on single sentences without dropout")
    func electraSingle() {
        #expect(Self.electraError(types: [], dropout: 0) < 1e-6)
    }

    @Test("a wrongly scaled gradient makes the check fail")
    func checkCatchesAWrongScale() {
        #expect(Self.electraError(types: [], dropout: 0, skew: 1.01) > 1e-4)
    }

    @Test("every weight of the T5 encoder classifier (mean over real positions, linear head) with dropout and padding")
    func t5() {
        let shape = T5Shape(vocabulary: 12, width: 6, heads: 2, headWidth: 2, feedForward: 5, encoderLayers: 2, decoderLayers: 1,
                            buckets: 4, maximumDistance: 4, feedForwardKind: .gatedGELU)
        var random = SplitMix64(seed: 13)
        var model = T5EncoderClassifier<Double>(shape: shape, classes: 3, deviation: 0.4, generator: &random)
        // Larger relative biases and norm gains than T5's initialization, so that every term shows.
        model.visit { name, _, tensor, _ in
            if name.hasSuffix("relative_attention_bias.weight") || name.hasSuffix("layer_norm.weight") {
                tensor = randomValues(tensor.count, &random).map { 1 + $0 * 0.5 }
            }
        }
        func run(_ model: T5EncoderClassifier<Double>) -> (Double, [Double], T5EncoderClassifier<Double>.Activations) {
            var draws = SplitMix64(seed: 14)
            let (logits, activations) = model.forward(Self.ids, batch: 2, length: 5, keep: Self.keep, dropout: 0.1, generator: &draws)
            let (loss, dLogits) = Self.crossEntropy(logits, classes: 3)
            return (loss, dLogits, activations)
        }
        let (_, dLogits, activations) = run(model)
        var gradients = model.zeroed()
        model.backward(dLogits, ids: Self.ids, batch: 2, length: 5, keep: Self.keep, activations: activations, gradients: &gradients)
        #expect(maximumGradientError(model.tensors, loss: { run(model.replacing($0)).0 }, analytic: gradients.tensors) < 1e-6)
    }

    @Test("padding does not change the T5 classifier's logits")
    func t5IgnoresPadding() {
        let shape = T5Shape(vocabulary: 12, width: 6, heads: 2, headWidth: 2, feedForward: 5, encoderLayers: 1, decoderLayers: 1,
                            buckets: 4, maximumDistance: 4)
        var random = SplitMix64(seed: 15)
        let model = T5EncoderClassifier<Double>(shape: shape, classes: 2, deviation: 0.4, generator: &random)
        var none = SplitMix64(seed: 0)
        let short = model.forward([4, 7, 9], batch: 1, length: 3, keep: [true, true, true], dropout: 0, generator: &none).logits
        let padded = model.forward([4, 7, 9, 0, 0], batch: 1, length: 5, keep: [true, true, true, false, false], dropout: 0,
                                   generator: &none).logits
        for (a, b) in zip(short, padded) { #expect(abs(a - b) < 1e-12) }
    }
}
