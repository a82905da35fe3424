import CorpusModels
import CorpusTensors
import CorpusTestSupport
import Testing

@Suite("Encoder layer gradients against finite differences (Float64)")
struct EncoderLayerGradientTests {
    /// Two stacked layers, two sequences of 3 positions (the second ending in a pad), dropout on.
    @Test("two stacked encoder layers: gradients of the input and of every weight, with padding and dropout")
    func stackedLayers() {
        var g = SplitMix64(seed: 21)
        let (batch, length, hidden) = (2, 3, 4)
        let keep = [true, true, true, true, true, false]
        var layers = [EncoderLayer<Double>(hidden: hidden, heads: 2, feedForward: 6, deviation: 0.5, generator: &g),
                      EncoderLayer<Double>(hidden: hidden, heads: 2, feedForward: 6, deviation: 0.5, generator: &g)]
        let x = randomValues(batch * length * hidden, &g)
        let r = randomValues(batch * length * hidden, &g)

        /// The flattened weights of both layers, then x: the inputs of the check.
        func flatten(_ layers: [EncoderLayer<Double>]) -> [[Double]] {
            var tensors: [[Double]] = []
            for var layer in layers { layer.visit { _, tensor, _ in tensors.append(tensor) } }
            return tensors
        }
        func rebuild(_ tensors: [[Double]]) -> [EncoderLayer<Double>] {
            var index = 0
            return layers.map { layer in
                var copy = layer
                copy.visit { _, tensor, _ in tensor = tensors[index]; index += 1 }
                return copy
            }
        }
        func loss(_ inputs: [[Double]]) -> Double {
            var dropout = SplitMix64(seed: 99)  // the same masks on every evaluation
            var h = inputs.last!
            for layer in rebuild(Array(inputs.dropLast())) {
                h = layer.forward(h, batch: batch, length: length, keep: keep, dropout: 0.2, generator: &dropout).y
            }
            return projected(h, r)
        }

        var dropout = SplitMix64(seed: 99)
        var h = x
        var activations: [EncoderLayer<Double>.Activations] = []
        for layer in layers {
            let step = layer.forward(h, batch: batch, length: length, keep: keep, dropout: 0.2, generator: &dropout)
            activations.append(step.activations)
            h = step.y
        }
        var gradients = layers.map { $0.zeroed() }
        var dh = r
        for index in layers.indices.reversed() {
            dh = layers[index].backward(dh, activations: activations[index], batch: batch, length: length, gradients: &gradients[index])
        }
        let inputs = flatten(layers) + [x]
        let analytic = flatten(gradients) + [dh]
        #expect(maximumGradientError(inputs, loss: loss, analytic: analytic) < 1e-6)
        layers.removeAll()
    }
}
