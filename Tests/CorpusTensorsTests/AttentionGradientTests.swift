import CorpusTensors
import CorpusTestSupport
import Testing

@Suite("Attention gradients and masking")
struct AttentionGradientTests {
    /// Two sequences of 4 positions, 2 heads of width 3; the second sequence ends in 2 pads.
    let attention = Attention(batch: 2, length: 4, heads: 2, headWidth: 3, scale: 1 / 3.0.squareRoot())
    let keep = [true, true, true, true, true, true, false, false]

    private func check(_ attention: Attention, keep: [Bool], seed: UInt64) -> Double {
        var g = SplitMix64(seed: seed)
        let count = attention.batch * attention.length * attention.heads * attention.headWidth
        let inputs = [randomValues(count, &g), randomValues(count, &g), randomValues(count, &g)]
        let r = randomValues(count, &g)
        let cache = attention.forward(query: inputs[0], key: inputs[1], value: inputs[2], keep: keep).cache
        var dq = [Double](repeating: 0, count: count), dk = dq, dv = dq
        attention.backward(r, query: inputs[0], key: inputs[1], value: inputs[2], cache: cache, dQuery: &dq, dKey: &dk, dValue: &dv)
        return maximumGradientError(inputs, loss: { projected(attention.forward(query: $0[0], key: $0[1], value: $0[2], keep: keep).y, r) },
                                    analytic: [dq, dk, dv])
    }

    @Test("gradients of query, key and value with a padding mask")
    func paddedGradients() {
        #expect(check(attention, keep: keep, seed: 11) < 1e-6)
    }

    @Test("gradients with causal masking, and with T5's unscaled scores")
    func causalGradients() {
        var causal = attention
        causal.causal = true
        causal.scale = 1
        #expect(check(causal, keep: keep, seed: 12) < 1e-6)
    }

    @Test("padding keys get zero attention, rows sum to one, and a sequence of pads attends to nothing")
    func masking() {
        var g = SplitMix64(seed: 13)
        let count = 2 * 4 * 2 * 3
        let q = randomValues(count, &g), k = randomValues(count, &g), v = randomValues(count, &g)
        let allPad = [true, true, true, true, false, false, false, false]
        let (y, cache) = attention.forward(query: q, key: k, value: v, keep: allPad)
        let p = cache.probabilities
        for row in 0..<(2 * 2 * 4) {
            let sum = p[(row * 4)..<(row * 4 + 4)].reduce(0, +)
            #expect(abs(sum - (row < 8 ? 1 : 0)) < 1e-12)
        }
        #expect(y[(4 * 6)...].allSatisfy { $0 == 0 })
        let partial = attention.forward(query: q, key: k, value: v, keep: keep).cache.probabilities
        for row in 8..<16 { #expect(partial[row * 4 + 2] == 0 && partial[row * 4 + 3] == 0) }
    }

    @Test("Float32 attention agrees with Float64 to single precision")
    func floatMatchesDouble() {
        var g = SplitMix64(seed: 14)
        let count = 2 * 4 * 2 * 3
        let q = randomValues(count, &g), k = randomValues(count, &g), v = randomValues(count, &g)
        let double = attention.forward(query: q, key: k, value: v, keep: keep).y
        let float = attention.forward(query: q.map(Float.init), key: k.map(Float.init), value: v.map(Float.init), keep: keep).y
        for (a, b) in zip(double, float) { #expect(abs(a - Double(b)) < 1e-5) }
    }
}
