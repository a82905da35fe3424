/// Scaled dot-product attention over several heads, with a key padding mask and optional
/// causal masking: `softmax(scale · Q Kᵀ + mask) V` per sequence and head.
///
/// Q, K and V hold `batch × length` rows of `heads × headWidth` values (the output of a linear
/// projection); the output has the same layout. `keep[b · length + s]` is false for padding
/// keys, which get no attention; a query whose keys are all masked attends to nothing (zeros).
public struct Attention: Sendable {
    /// Sequences, positions per sequence, heads, and values per head.
    public var batch: Int, length: Int, heads: Int, headWidth: Int
    /// Multiplies the scores: 1/√headWidth for BERT/ELECTRA, 1 for T5.
    public var scale: Double
    /// Whether a query may only attend to keys at or before its own position.
    public var causal: Bool

    /// Attention with these dimensions.
    public init(batch: Int, length: Int, heads: Int, headWidth: Int, scale: Double, causal: Bool = false) {
        self.batch = batch
        self.length = length
        self.heads = heads
        self.headWidth = headWidth
        self.scale = scale
        self.causal = causal
    }

    /// The attention probabilities of every sequence and head (`batch × heads × length × length`).
    public struct Cache<T: TensorScalar> {
        /// Row-major probabilities, one `length × length` matrix per (sequence, head).
        public var probabilities: [T]
        @inlinable init(probabilities: [T]) { self.probabilities = probabilities }
    }

    /// The attended values, and what backward needs.
    @inlinable
    public func forward<T: TensorScalar>(query: [T], key: [T], value: [T], keep: [Bool]) -> (y: [T], cache: Cache<T>) {
        let width = heads * headWidth, square = length * length
        precondition(query.count == batch * length * width && key.count == query.count && value.count == query.count, "Attention: shapes")
        precondition(keep.count == batch * length, "Attention: mask shape")
        var y = [T](repeating: 0, count: query.count)
        var probabilities = [T](repeating: 0, count: batch * heads * square)
        var q = [T](repeating: 0, count: length * headWidth), k = q, v = q, out = q
        var scores = [T](repeating: 0, count: square)
        for b in 0..<batch {
            for h in 0..<heads {
                gather(query, b, h, into: &q)
                gather(key, b, h, into: &k)
                gather(value, b, h, into: &v)
                product(q, k, transposeB: true, m: length, n: length, k: headWidth, alpha: T(scale), into: &scores)
                for t in 0..<length {
                    softmaxRow(&scores, row: t, keep: keep, sequence: b)
                }
                product(scores, v, transposeB: false, m: length, n: headWidth, k: length, alpha: 1, into: &out)
                scatter(out, b, h, into: &y)
                let base = (b * heads + h) * square
                for i in 0..<square { probabilities[base + i] = scores[i] }
            }
        }
        return (y, Cache(probabilities: probabilities))
    }

    /// Adds the gradients of Q, K and V given `dy` and forward's inputs and cache.
    @inlinable
    public func backward<T: TensorScalar>(_ dy: [T], query: [T], key: [T], value: [T], cache: Cache<T>,
                                          dQuery: inout [T], dKey: inout [T], dValue: inout [T]) {
        let square = length * length
        var q = [T](repeating: 0, count: length * headWidth), k = q, v = q, dOut = q, dq = q, dk = q, dv = q
        var p = [T](repeating: 0, count: square), dp = p
        for b in 0..<batch {
            for h in 0..<heads {
                gather(query, b, h, into: &q)
                gather(key, b, h, into: &k)
                gather(value, b, h, into: &v)
                gather(dy, b, h, into: &dOut)
                let base = (b * heads + h) * square
                for i in 0..<square { p[i] = cache.probabilities[base + i] }
                // dV = Pᵀ dOut; dP = dOut Vᵀ; dS = P ⊙ (dP − Σ_s dP ⊙ P); dQ = scale · dS K; dK = scale · dSᵀ Q
                product(p, dOut, transposeA: true, transposeB: false, m: length, n: headWidth, k: length, alpha: 1, into: &dv)
                product(dOut, v, transposeB: true, m: length, n: length, k: headWidth, alpha: 1, into: &dp)
                for t in 0..<length {
                    var dot: T = 0
                    for s in 0..<length { dot += dp[t * length + s] * p[t * length + s] }
                    for s in 0..<length { dp[t * length + s] = p[t * length + s] * (dp[t * length + s] - dot) }
                }
                product(dp, k, transposeB: false, m: length, n: headWidth, k: length, alpha: T(scale), into: &dq)
                product(dp, q, transposeA: true, transposeB: false, m: length, n: headWidth, k: length, alpha: T(scale), into: &dk)
                scatterAdd(dq, b, h, into: &dQuery)
                scatterAdd(dk, b, h, into: &dKey)
                scatterAdd(dv, b, h, into: &dValue)
            }
        }
    }

    /// Softmax of one row of scores in place, over the keys the masks allow.
    @inlinable
    func softmaxRow<T: TensorScalar>(_ scores: inout [T], row t: Int, keep: [Bool], sequence b: Int) {
        let base = t * length
        var allowed = [Bool](repeating: false, count: length)
        var maximum = -T.greatestFiniteMagnitude
        for s in 0..<length where keep[b * length + s] && (!causal || s <= t) {
            allowed[s] = true
            maximum = max(maximum, scores[base + s])
        }
        var sum: T = 0
        for s in 0..<length {
            let e = allowed[s] ? T.exp(scores[base + s] - maximum) : 0
            scores[base + s] = e
            sum += e
        }
        let inverse = sum > 0 ? 1 / sum : 0
        for s in 0..<length { scores[base + s] *= inverse }
    }

    /// Copies head `h` of sequence `b` into a contiguous `length × headWidth` matrix.
    @inlinable
    func gather<T: TensorScalar>(_ x: [T], _ b: Int, _ h: Int, into out: inout [T]) {
        let width = heads * headWidth
        for t in 0..<length {
            let from = (b * length + t) * width + h * headWidth
            for d in 0..<headWidth { out[t * headWidth + d] = x[from + d] }
        }
    }

    @inlinable
    func scatter<T: TensorScalar>(_ x: [T], _ b: Int, _ h: Int, into out: inout [T]) {
        let width = heads * headWidth
        for t in 0..<length {
            let to = (b * length + t) * width + h * headWidth
            for d in 0..<headWidth { out[to + d] = x[t * headWidth + d] }
        }
    }

    @inlinable
    func scatterAdd<T: TensorScalar>(_ x: [T], _ b: Int, _ h: Int, into out: inout [T]) {
        let width = heads * headWidth
        for t in 0..<length {
            let to = (b * length + t) * width + h * headWidth
            for d in 0..<headWidth { out[to + d] += x[t * headWidth + d] }
        }
    }

    /// `c = alpha · op(a) · op(b)` with BLAS.
    @inlinable
    func product<T: TensorScalar>(_ a: [T], _ b: [T], transposeA: Bool = false, transposeB: Bool, m: Int, n: Int, k: Int,
                                  alpha: T, into c: inout [T]) {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    T.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                           a.baseAddress!, b.baseAddress!, beta: 0, c.baseAddress!)
                }
            }
        }
    }
}
