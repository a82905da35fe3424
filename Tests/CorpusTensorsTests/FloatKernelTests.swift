import CorpusTensors
import CorpusTestSupport
import Foundation
import Testing

@Suite("Float kernels: accuracy of the inline exp and erf, and thread-count independence")
struct FloatKernelTests {
    @Test("Float.erf is within 1.5e-7 of the double erf on a dense grid over [-6, 6]")
    func erfAccuracy() {
        var worst = 0.0
        for step in -600_000...600_000 {
            let x = Float(Double(step) * 1e-5)
            worst = max(worst, abs(Double(Float.erf(x)) - Foundation.erf(Double(x))))
        }
        #expect(worst < 1.5e-7)
        #expect(Float.erf(10) == 1 && Float.erf(-10) == -1 && Float.erf(0) == 0)
    }

    @Test("Float.exp is within 2 ulp of the double exp over [-87, 88]")
    func expAccuracy() {
        var worst = 0.0
        for step in -870_000...880_000 {
            let x = Float(Double(step) * 1e-4)
            let exact = Foundation.exp(Double(x))
            worst = max(worst, abs(Double(Float.exp(x)) - exact) / exact)
        }
        #expect(worst < 2 * 0x1p-23)
        #expect(Float.exp(0) == 1)
    }

    @Test("layer norm, GELU, dropout and attention give the same bits on one thread and on two")
    func threadIndependence() {
        let threads = BLASRuntime.threads
        defer { BLASRuntime.setThreads(threads) }
        func run() -> [[Float]] {
            var g = SplitMix64(seed: 7)
            let (rows, width) = (300, 40)
            let x = randomValues(rows * width, &g).map(Float.init), dy = randomValues(rows * width, &g).map(Float.init)
            let gain = randomValues(width, &g).map(Float.init), bias = randomValues(width, &g).map(Float.init)
            let (y, cache) = LayerNorm.forward(x, gain: gain, bias: bias, rows: rows, width: width, epsilon: 1e-12)
            var dx = [Float](repeating: 0, count: x.count), dGain = [Float](repeating: 0, count: width), dBias = dGain
            LayerNorm.backward(dy, x: x, gain: gain, cache: cache, rows: rows, width: width, dx: &dx, dGain: &dGain, dBias: &dBias)
            let big = (0..<40_000).map { Float($0 % 97) / 13 - 3.5 }
            var dGELU = [Float](repeating: 0, count: big.count)
            GELU.backward(big, x: big, dx: &dGELU)
            let attention = Attention(batch: 3, length: 10, heads: 2, headWidth: 20, scale: 0.2)
            let keep = (0..<30).map { $0 % 10 < 7 + $0 / 10 }
            let (q, k, v) = (Array(x.prefix(1200)), Array(dy.prefix(1200)), Array(y.prefix(1200)))
            let (attended, probabilities) = attention.forward(query: q, key: k, value: v, keep: keep)
            var dq = [Float](repeating: 0, count: q.count), dk = dq, dv = dq
            attention.backward(Array(dx.prefix(1200)), query: q, key: k, value: v, cache: probabilities, dQuery: &dq, dKey: &dk, dValue: &dv)
            return [y, dx, dGain, dBias, GELU.forward(big), dGELU, attended, dq, dk, dv]
        }
        BLASRuntime.setThreads(1)
        let one = run()
        BLASRuntime.setThreads(2)
        #expect(run() == one)
    }

    @Test("the project's thread count never reaches OpenBLAS, which stays on one thread through products and attention")
    func openBLASStaysOnOneThread() {
        let threads = BLASRuntime.threads
        defer { BLASRuntime.setThreads(threads) }
        BLASRuntime.setThreads(2)
        #expect(BLASRuntime.threads == 2 && Parallel.width == 2)
        #expect(BLASRuntime.libraryThreads == 1)
        var g = SplitMix64(seed: 3)
        let a = randomValues(600 * 64, &g).map(Float.init), b = randomValues(64 * 600, &g).map(Float.init)
        var c = [Float](repeating: 0, count: 600 * 600)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    Parallel.product(transposeA: false, transposeB: false, m: 600, n: 600, k: 64, alpha: 1, a.baseAddress!, b.baseAddress!,
                                     beta: 0, c.baseAddress!)
                }
            }
        }
        let attention = Attention(batch: 2, length: 8, heads: 2, headWidth: 4, scale: 0.5)
        _ = attention.forward(query: Array(a.prefix(128)), key: Array(b.prefix(128)), value: Array(a.suffix(128)), keep: [Bool](repeating: true, count: 16))
        #expect(BLASRuntime.libraryThreads == 1 && BLASRuntime.threads == 2)
    }

    @Test("large linear layers, split into fixed pieces, give the same bits on one thread and on two, and agree with one BLAS call")
    func productThreadIndependence() {
        let threads = BLASRuntime.threads
        defer { BLASRuntime.setThreads(threads) }
        // Big enough that forward and dx split by rows and dW (1,100 rows deep) by depth.
        let (rows, inFeatures, outFeatures) = (1_100, 96, 80)
        var g = SplitMix64(seed: 11)
        let x = randomValues(rows * inFeatures, &g).map(Float.init), w = randomValues(outFeatures * inFeatures, &g).map(Float.init)
        let bias = randomValues(outFeatures, &g).map(Float.init), dy = randomValues(rows * outFeatures, &g).map(Float.init)
        func run() -> [[Float]] {
            let y = Linear.forward(x, weight: w, bias: bias, rows: rows, inFeatures: inFeatures, outFeatures: outFeatures)
            var dx = [Float](repeating: 0, count: x.count), dw = [Float](repeating: 0.5, count: w.count)
            var dBias = [Float](repeating: 0, count: outFeatures)
            Linear.backward(dy, x: x, weight: w, rows: rows, inFeatures: inFeatures, outFeatures: outFeatures, dx: &dx, dWeight: &dw, dBias: &dBias)
            let (activated, slope) = GELU.forwardWithDerivative(y)
            var dPre = [Float](repeating: 0, count: y.count)
            GELU.backward(dy, derivative: slope, dx: &dPre)
            return [y, dx, dw, dBias, activated, dPre]
        }
        BLASRuntime.setThreads(1)
        let one = run()
        BLASRuntime.setThreads(2)
        let two = run()
        #expect(two == one)
        // The weight gradient as one product over all rows, in double precision.
        var worst = 0.0
        for o in 0..<outFeatures {
            for i in 0..<inFeatures {
                var sum = 0.5
                for r in 0..<rows { sum += Double(dy[r * outFeatures + o]) * Double(x[r * inFeatures + i]) }
                worst = max(worst, abs(sum - Double(two[2][o * inFeatures + i])))
            }
        }
        #expect(worst < 1e-3)
        // The cached derivative is the one backward from x computes.
        var dFromX = [Float](repeating: 0, count: one[0].count)
        GELU.backward(dy, x: one[0], dx: &dFromX)
        #expect(dFromX == one[5])
        #expect(GELU.forward(one[0]) == one[4])
    }
}
