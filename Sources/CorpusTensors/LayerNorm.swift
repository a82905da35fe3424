/// Layer normalization over the last dimension, `y = (x − μ) / σ · γ + β`, σ² with ε = `epsilon`.
public enum LayerNorm {
    /// What backward needs from forward: each row's mean and 1/σ.
    public struct Cache<T: TensorScalar> {
        /// Per-row mean and reciprocal standard deviation.
        public var mean: [T], reciprocalDeviation: [T]
        @inlinable init(mean: [T], reciprocalDeviation: [T]) {
            self.mean = mean
            self.reciprocalDeviation = reciprocalDeviation
        }
    }

    /// Normalizes each of `rows` rows of `width` values.
    @inlinable
    public static func forward<T: TensorScalar>(_ x: [T], gain: [T], bias: [T], rows: Int, width: Int, epsilon: T) -> (y: [T], cache: Cache<T>) {
        var y = [T](repeating: 0, count: x.count)
        var mean = [T](repeating: 0, count: rows), reciprocal = [T](repeating: 0, count: rows)
        let n = T(width)
        for r in 0..<rows {
            let base = r * width
            var sum: T = 0
            for c in 0..<width { sum += x[base + c] }
            let mu = sum / n
            var squares: T = 0
            for c in 0..<width { squares += (x[base + c] - mu) * (x[base + c] - mu) }
            let rs = 1 / T.sqrt(squares / n + epsilon)
            for c in 0..<width { y[base + c] = (x[base + c] - mu) * rs * gain[c] + bias[c] }
            mean[r] = mu
            reciprocal[r] = rs
        }
        return (y, Cache(mean: mean, reciprocalDeviation: reciprocal))
    }

    /// Adds the gradients of x, γ and β, given `dy` and forward's input and cache.
    @inlinable
    public static func backward<T: TensorScalar>(_ dy: [T], x: [T], gain: [T], cache: Cache<T>, rows: Int, width: Int,
                                                 dx: inout [T], dGain: inout [T], dBias: inout [T]) {
        let n = T(width)
        for r in 0..<rows {
            let base = r * width
            let mu = cache.mean[r], rs = cache.reciprocalDeviation[r]
            // x̂ = (x − μ)·rs; dx̂ = dy·γ; dx = rs · (dx̂ − mean(dx̂) − x̂ · mean(dx̂ · x̂))
            var meanD: T = 0, meanDX: T = 0
            for c in 0..<width {
                let normalized = (x[base + c] - mu) * rs
                let d = dy[base + c] * gain[c]
                meanD += d
                meanDX += d * normalized
                dGain[c] += dy[base + c] * normalized
                dBias[c] += dy[base + c]
            }
            meanD /= n
            meanDX /= n
            for c in 0..<width {
                let normalized = (x[base + c] - mu) * rs
                dx[base + c] += rs * (dy[base + c] * gain[c] - meanD - normalized * meanDX)
            }
        }
    }
}
