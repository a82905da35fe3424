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

    /// Rows per piece of parallel work; also the blocks whose γ and β gradient partials are
    /// summed in order, so the sums do not depend on the thread count.
    public static let rowGrain = 64

    /// Normalizes each of `rows` rows of `width` values.
    @inlinable
    public static func forward<T: TensorScalar>(_ x: [T], gain: [T], bias: [T], rows: Int, width: Int, epsilon: T) -> (y: [T], cache: Cache<T>) {
        precondition(x.count == rows * width && gain.count == width && bias.count == width, "LayerNorm: shapes")
        var y = [T](unsafeUninitializedCapacity: x.count) { _, count in count = rows * width }
        var mean = [T](repeating: 0, count: rows), reciprocal = [T](repeating: 0, count: rows)
        let n = T(width)
        x.withUnsafeBufferPointer { x in
        gain.withUnsafeBufferPointer { gain in
        bias.withUnsafeBufferPointer { bias in
        y.withUnsafeMutableBufferPointer { y in
        mean.withUnsafeMutableBufferPointer { mean in
        reciprocal.withUnsafeMutableBufferPointer { reciprocal in
            let x = SharedBuffer(x), gain = SharedBuffer(gain), bias = SharedBuffer(bias)
            let y = SharedBuffer(y), mean = SharedBuffer(mean), reciprocal = SharedBuffer(reciprocal)
            Parallel.forRanges(rows, grain: rowGrain) { block in
                for r in block {
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
            }
        }}}}}}
        return (y, Cache(mean: mean, reciprocalDeviation: reciprocal))
    }

    /// Adds the gradients of x, γ and β, given `dy` and forward's input and cache.
    @inlinable
    public static func backward<T: TensorScalar>(_ dy: [T], x: [T], gain: [T], cache: Cache<T>, rows: Int, width: Int,
                                                 dx: inout [T], dGain: inout [T], dBias: inout [T]) {
        precondition(dy.count == rows * width && x.count == dy.count && dx.count == dy.count, "LayerNorm.backward: shapes")
        let n = T(width), blocks = (rows + rowGrain - 1) / rowGrain
        // One row of γ and one of β partial sums per block of rows.
        var partials = [T](repeating: 0, count: blocks * 2 * width)
        dy.withUnsafeBufferPointer { dy in
        x.withUnsafeBufferPointer { x in
        gain.withUnsafeBufferPointer { gain in
        cache.mean.withUnsafeBufferPointer { mean in
        cache.reciprocalDeviation.withUnsafeBufferPointer { reciprocal in
        dx.withUnsafeMutableBufferPointer { dx in
        partials.withUnsafeMutableBufferPointer { partials in
            let dy = SharedBuffer(dy), x = SharedBuffer(x), gain = SharedBuffer(gain), mean = SharedBuffer(mean)
            let reciprocal = SharedBuffer(reciprocal), dx = SharedBuffer(dx), partials = SharedBuffer(partials)
            Parallel.forEach(blocks) { block in
                let gainPartial = partials.base + block * 2 * width, biasPartial = gainPartial + width
                for r in block * rowGrain..<min(rows, (block + 1) * rowGrain) {
                    let base = r * width
                    let mu = mean[r], rs = reciprocal[r]
                    // x̂ = (x − μ)·rs; dx̂ = dy·γ; dx = rs · (dx̂ − mean(dx̂) − x̂ · mean(dx̂ · x̂))
                    var meanD: T = 0, meanDX: T = 0
                    for c in 0..<width {
                        let normalized = (x[base + c] - mu) * rs
                        let d = dy[base + c] * gain[c]
                        meanD += d
                        meanDX += d * normalized
                        gainPartial[c] += dy[base + c] * normalized
                        biasPartial[c] += dy[base + c]
                    }
                    meanD /= n
                    meanDX /= n
                    for c in 0..<width {
                        let normalized = (x[base + c] - mu) * rs
                        dx[base + c] += rs * (dy[base + c] * gain[c] - meanD - normalized * meanDX)
                    }
                }
            }
        }}}}}}}
        for block in 0..<blocks {
            for c in 0..<width {
                dGain[c] += partials[block * 2 * width + c]
                dBias[c] += partials[block * 2 * width + width + c]
            }
        }
    }
}
