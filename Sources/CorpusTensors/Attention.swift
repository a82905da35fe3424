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
    ///
    /// Each (sequence, head) pair is one piece of `Parallel` work: its products read the head's
    /// columns in place (strided) and run whole on the piece's thread, its softmax rows follow.
    @inlinable
    public func forward<T: TensorScalar>(query: [T], key: [T], value: [T], keep: [Bool]) -> (y: [T], cache: Cache<T>) {
        let width = heads * headWidth, square = length * length
        precondition(query.count == batch * length * width && key.count == query.count && value.count == query.count, "Attention: shapes")
        precondition(keep.count == batch * length, "Attention: mask shape")
        var y = [T](unsafeUninitializedCapacity: query.count) { _, count in count = query.count }
        var probabilities = [T](unsafeUninitializedCapacity: batch * heads * square) { _, count in count = batch * heads * square }
        query.withUnsafeBufferPointer { q in
        key.withUnsafeBufferPointer { k in
        value.withUnsafeBufferPointer { v in
        y.withUnsafeMutableBufferPointer { y in
        probabilities.withUnsafeMutableBufferPointer { p in
            let q = SharedBuffer(q), k = SharedBuffer(k), v = SharedBuffer(v), y = SharedBuffer(y), scores = SharedBuffer(p)
            forEachPair { pair in
                let offset = (pair / heads) * length * width + (pair % heads) * headWidth, pairScores = scores.base + pair * square
                T.gemm(transposeA: false, transposeB: true, m: length, n: length, k: headWidth, alpha: T(scale),
                       q.base + offset, lda: width, k.base + offset, ldb: width, beta: 0, pairScores, ldc: length)
                for t in 0..<length { softmaxRow(pairScores, row: t, keep: keep, sequence: pair / heads) }
                T.gemm(transposeA: false, transposeB: false, m: length, n: headWidth, k: length, alpha: 1,
                       pairScores, lda: length, v.base + offset, ldb: width, beta: 0, y.base + offset, ldc: width)
            }
        }}}}}
        return (y, Cache(probabilities: probabilities))
    }

    /// Adds the gradients of Q, K and V given `dy` and forward's inputs and cache.
    @inlinable
    public func backward<T: TensorScalar>(_ dy: [T], query: [T], key: [T], value: [T], cache: Cache<T>,
                                          dQuery: inout [T], dKey: inout [T], dValue: inout [T]) {
        let width = heads * headWidth, square = length * length
        precondition(dy.count == batch * length * width && dQuery.count == dy.count && dKey.count == dy.count && dValue.count == dy.count,
                     "Attention.backward: shapes")
        // dV = Pᵀ dOut; dP = dOut Vᵀ; dS = P ⊙ (dP − Σ_s dP ⊙ P); dQ = scale · dS K; dK = scale · dSᵀ Q
        var dScores = [T](unsafeUninitializedCapacity: batch * heads * square) { _, count in count = batch * heads * square }
        dy.withUnsafeBufferPointer { dOut in
        query.withUnsafeBufferPointer { q in
        key.withUnsafeBufferPointer { k in
        value.withUnsafeBufferPointer { v in
        cache.probabilities.withUnsafeBufferPointer { p in
        dScores.withUnsafeMutableBufferPointer { dS in
        dQuery.withUnsafeMutableBufferPointer { dq in
        dKey.withUnsafeMutableBufferPointer { dk in
        dValue.withUnsafeMutableBufferPointer { dv in
            let dOut = SharedBuffer(dOut), q = SharedBuffer(q), k = SharedBuffer(k), v = SharedBuffer(v), p = SharedBuffer(p)
            let dS = SharedBuffer(dS), dq = SharedBuffer(dq), dk = SharedBuffer(dk), dv = SharedBuffer(dv)
            forEachPair { pair in
                let offset = (pair / heads) * length * width + (pair % heads) * headWidth
                let probability = p.base + pair * square, d = dS.base + pair * square
                T.gemm(transposeA: true, transposeB: false, m: length, n: headWidth, k: length, alpha: 1,
                       probability, lda: length, dOut.base + offset, ldb: width, beta: 1, dv.base + offset, ldc: width)
                T.gemm(transposeA: false, transposeB: true, m: length, n: length, k: headWidth, alpha: 1,
                       dOut.base + offset, lda: width, v.base + offset, ldb: width, beta: 0, d, ldc: length)
                for t in 0..<length {
                    var dot: T = 0
                    for s in 0..<length { dot += d[t * length + s] * probability[t * length + s] }
                    for s in 0..<length { d[t * length + s] = probability[t * length + s] * (d[t * length + s] - dot) }
                }
                T.gemm(transposeA: false, transposeB: false, m: length, n: headWidth, k: length, alpha: T(scale),
                       d, lda: length, k.base + offset, ldb: width, beta: 1, dq.base + offset, ldc: width)
                T.gemm(transposeA: true, transposeB: false, m: length, n: headWidth, k: length, alpha: T(scale),
                       d, lda: length, q.base + offset, ldb: width, beta: 1, dk.base + offset, ldc: width)
            }
        }}}}}}}}}
    }

    /// Calls `body` for every (sequence, head) pair on `Parallel`'s threads. Meanwhile BLAS runs
    /// on one thread, so each pair's small products run whole on the thread that asks for them
    /// rather than queueing for BLAS's own threads; products do not depend on BLAS's thread count.
    @inlinable
    func forEachPair(_ body: (Int) -> Void) {
        let threads = Parallel.width
        guard threads > 1 else {
            for pair in 0..<batch * heads { body(pair) }
            return
        }
        BLASRuntime.setThreads(1)
        defer { BLASRuntime.setThreads(threads) }
        Parallel.forEach(batch * heads, threads: threads, body)
    }

    /// Softmax of one row of `length` scores in place, over the keys the masks allow; masked
    /// keys get exactly 0.
    @inlinable
    func softmaxRow<T: TensorScalar>(_ scores: UnsafeMutablePointer<T>, row t: Int, keep: [Bool], sequence b: Int) {
        let row = scores + t * length
        let keys = causal ? t + 1 : length
        var maximum = -T.greatestFiniteMagnitude
        for s in 0..<keys where keep[b * length + s] { maximum = max(maximum, row[s]) }
        var sum: T = 0
        for s in 0..<keys {
            let e = T.exp(row[s] - maximum)
            row[s] = e
        }
        for s in 0..<keys {
            if !keep[b * length + s] { row[s] = 0 }
            sum += row[s]
        }
        for s in keys..<length { row[s] = 0 }
        let inverse = sum > 0 ? 1 / sum : 0
        for s in 0..<length { row[s] *= inverse }
    }
}
