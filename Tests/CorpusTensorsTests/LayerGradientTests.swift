import CorpusTensors
import CorpusTestSupport
import Testing

@Suite("Layer gradients against finite differences (Float64)")
struct LayerGradientTests {
    @Test("linear: gradients of input, weight and bias")
    func linear() {
        var g = SplitMix64(seed: 1)
        let (rows, n, m) = (3, 4, 5)
        let inputs = [randomValues(rows * n, &g), randomValues(m * n, &g), randomValues(m, &g)]
        let r = randomValues(rows * m, &g)
        func y(_ v: [[Double]]) -> [Double] { Linear.forward(v[0], weight: v[1], bias: v[2], rows: rows, inFeatures: n, outFeatures: m) }
        var dx = [Double](repeating: 0, count: rows * n), dw = [Double](repeating: 0, count: m * n), db = [Double](repeating: 0, count: m)
        Linear.backward(r, x: inputs[0], weight: inputs[1], rows: rows, inFeatures: n, outFeatures: m, dx: &dx, dWeight: &dw, dBias: &db)
        #expect(maximumGradientError(inputs, loss: { projected(y($0), r) }, analytic: [dx, dw, db]) < 1e-6)
    }

    @Test("embedding: repeated ids add their rows' gradients")
    func embedding() {
        var g = SplitMix64(seed: 2)
        let ids: [Int32] = [3, 0, 3, 1]
        let inputs = [randomValues(5 * 3, &g)]
        let r = randomValues(ids.count * 3, &g)
        var dTable = [Double](repeating: 0, count: 15)
        Embedding.backward(r, ids: ids, width: 3, dTable: &dTable)
        #expect(maximumGradientError(inputs, loss: { projected(Embedding.forward(ids, table: $0[0], width: 3), r) }, analytic: [dTable]) < 1e-6)
        #expect(dTable[12..<15].allSatisfy { $0 == 0 }, "id 4 is never looked up")
    }

    @Test("layer norm: gradients of input, gain and bias")
    func layerNorm() {
        var g = SplitMix64(seed: 3)
        let (rows, width) = (3, 6)
        let inputs = [randomValues(rows * width, scale: 2, &g), randomValues(width, &g), randomValues(width, &g)]
        let r = randomValues(rows * width, &g)
        func y(_ v: [[Double]]) -> [Double] { LayerNorm.forward(v[0], gain: v[1], bias: v[2], rows: rows, width: width, epsilon: 1e-5).y }
        let cache = LayerNorm.forward(inputs[0], gain: inputs[1], bias: inputs[2], rows: rows, width: width, epsilon: 1e-5).cache
        var dx = [Double](repeating: 0, count: rows * width), dGain = [Double](repeating: 0, count: width), dBias = dGain
        LayerNorm.backward(r, x: inputs[0], gain: inputs[1], cache: cache, rows: rows, width: width, dx: &dx, dGain: &dGain, dBias: &dBias)
        #expect(maximumGradientError(inputs, loss: { projected(y($0), r) }, analytic: [dx, dGain, dBias]) < 1e-6)
    }

    @Test("gelu: the exact erf form and its derivative")
    func gelu() {
        var g = SplitMix64(seed: 4)
        let inputs = [randomValues(20, scale: 3, &g)]
        let r = randomValues(20, &g)
        var dx = [Double](repeating: 0, count: 20)
        GELU.backward(r, x: inputs[0], dx: &dx)
        #expect(maximumGradientError(inputs, loss: { projected(GELU.forward($0[0]), r) }, analytic: [dx]) < 1e-6)
        // gelu(1) = Φ(1) = 0.8413447460685429 (standard normal CDF at 1).
        #expect(abs(GELU.forward([1.0])[0] - 0.8413447460685429) < 1e-12)
    }

    @Test("dropout: the gradient passes through the same mask, and the mask keeps the expected share")
    func dropout() {
        var g = SplitMix64(seed: 5)
        let mask: [Double] = Dropout.mask(count: 10_000, rate: 0.1, generator: &g)
        let kept = mask.filter { $0 != 0 }
        #expect(abs(Double(kept.count) / 10_000 - 0.9) < 0.02)
        #expect(kept.allSatisfy { abs($0 - 1 / 0.9) < 1e-12 })
        let small = Array(mask.prefix(12)), inputs = [randomValues(12, &g)], r = randomValues(12, &g)
        var dx = [Double](repeating: 0, count: 12)
        Dropout.backward(r, mask: small, dx: &dx)
        #expect(maximumGradientError(inputs, loss: { projected(Dropout.forward($0[0], mask: small), r) }, analytic: [dx]) < 1e-6)
        var same = SplitMix64(seed: 5)
        #expect(Dropout.mask(count: 10_000, rate: 0.1, generator: &same) == mask, "same seed, same mask")
    }

    @Test("cross-entropy: softmax minus one-hot over the counted rows; ignored rows get no gradient")
    func crossEntropy() {
        var g = SplitMix64(seed: 6)
        let targets: [Int32] = [2, -1, 0, 4]
        let inputs = [randomValues(4 * 5, scale: 3, &g)]
        let forward = CrossEntropy.forward(logits: inputs[0], targets: targets, classes: 5)
        #expect(forward.counted == 3)
        var d = [Double](repeating: 0, count: 20)
        CrossEntropy.backward(probabilities: forward.probabilities, targets: targets, classes: 5, counted: forward.counted, dLogits: &d)
        #expect(maximumGradientError(inputs, loss: { CrossEntropy.forward(logits: $0[0], targets: targets, classes: 5).loss }, analytic: [d]) < 1e-6)
        #expect(d[5..<10].allSatisfy { $0 == 0 })
        // Uniform logits: the loss is log(classes).
        #expect(abs(CrossEntropy.forward(logits: [Double](repeating: 0.5, count: 5), targets: [1], classes: 5).loss - 1.6094379124341003) < 1e-12)
    }

    @Test("sigmoid binary cross-entropy: σ(z) − y over weighted positions, stable for large logits")
    func binaryCrossEntropy() {
        var g = SplitMix64(seed: 7)
        let labels: [Double] = [1, 0, 1, 0, 0, 1], weights: [Double] = [1, 1, 0, 1, 1, 1]
        let inputs = [randomValues(6, scale: 4, &g)]
        let forward = BinaryCrossEntropy.forward(logits: inputs[0], labels: labels, weights: weights)
        var d = [Double](repeating: 0, count: 6)
        BinaryCrossEntropy.backward(logits: inputs[0], labels: labels, weights: weights, counted: forward.counted, dLogits: &d)
        #expect(maximumGradientError(inputs, loss: { BinaryCrossEntropy.forward(logits: $0[0], labels: labels, weights: weights).loss }, analytic: [d]) < 1e-6)
        #expect(d[2] == 0)
        let extreme = BinaryCrossEntropy.forward(logits: [1000.0, -1000.0], labels: [0, 1], weights: [1, 1]).loss
        #expect(abs(extreme - 1000) < 1e-9, "log(1 + e^1000) computed without overflow")
    }
}
