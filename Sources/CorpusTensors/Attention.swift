/// Dot-product attention over several heads: `Dropout(softmax(scale · Q Kᵀ + bias + mask)) V`
/// per sequence and head, for self-attention (queries and keys from the same positions) and
/// cross-attention (queries from the decoder, keys and values from the encoder).
///
/// Q holds `batch × queryLength` rows of `heads × headWidth` values (the output of a linear
/// projection), K and V `batch × keyLength` such rows; the output has Q's layout.
/// `keep[b · keyLength + s]` is false for padding keys, which get no attention; a query whose
/// keys are all masked attends to nothing (zeros). `bias` (T5's relative position bias) is one
/// `queryLength × keyLength` matrix per head, added to every sequence's scores.
public struct Attention: Sendable {
    /// Sequences, query positions and key positions per sequence, heads, and values per head.
    public var batch: Int, queryLength: Int, keyLength: Int, heads: Int, headWidth: Int
    /// Multiplies the scores: 1/√headWidth for BERT/ELECTRA, 1 for T5.
    public var scale: Double
    /// Whether a query may only attend to keys at or before its own position.
    public var causal: Bool

    /// Self-attention over sequences of `length` positions.
    public init(batch: Int, length: Int, heads: Int, headWidth: Int, scale: Double, causal: Bool = false) {
        self.init(batch: batch, queryLength: length, keyLength: length, heads: heads, headWidth: headWidth, scale: scale, causal: causal)
    }

    /// Attention from `queryLength` positions to `keyLength` positions per sequence.
    public init(batch: Int, queryLength: Int, keyLength: Int, heads: Int, headWidth: Int, scale: Double, causal: Bool = false) {
        precondition(!causal || queryLength == keyLength, "Attention: causal masking needs as many queries as keys")
        self.batch = batch
        self.queryLength = queryLength
        self.keyLength = keyLength
        self.heads = heads
        self.headWidth = headWidth
        self.scale = scale
        self.causal = causal
    }

    /// Values in the probability (and bias gradient) tensors: one `queryLength × keyLength`
    /// matrix per (sequence, head).
    public var probabilityCount: Int { batch * heads * queryLength * keyLength }

    /// What backward needs from forward.
    public struct Cache<T: TensorScalar> {
        /// Row-major probabilities before dropout, one `queryLength × keyLength` matrix per
        /// (sequence, head).
        public var probabilities: [T]
        /// The dropout factors applied to them, empty without dropout.
        public var dropout: [T]
        @inlinable init(probabilities: [T], dropout: [T]) {
            self.probabilities = probabilities
            self.dropout = dropout
        }
    }

    /// The attended values, and what backward needs. `dropout` (from `Dropout.mask`, empty for
    /// none) holds one factor per probability.
    ///
    /// Each (sequence, head) pair is one piece of `Parallel` work: its products read the head's
    /// columns in place (strided) and run whole on the piece's thread, its softmax rows follow.
    @inlinable
    public func forward<T: TensorScalar>(query: [T], key: [T], value: [T], keep: [Bool], bias: [T] = [],
                                         dropout: [T] = []) -> (y: [T], cache: Cache<T>) {
        let width = heads * headWidth, square = queryLength * keyLength
        precondition(query.count == batch * queryLength * width, "Attention: query shape")
        precondition(key.count == batch * keyLength * width && value.count == key.count, "Attention: key and value shapes")
        precondition(keep.count == batch * keyLength, "Attention: mask shape")
        precondition(bias.isEmpty || bias.count == heads * square, "Attention: bias shape")
        precondition(dropout.isEmpty || dropout.count == probabilityCount, "Attention: dropout shape")
        var y = [T](unsafeUninitializedCapacity: query.count) { _, count in count = query.count }
        var probabilities = [T](unsafeUninitializedCapacity: probabilityCount) { _, count in count = probabilityCount }
        // With dropout each pair's dropped probabilities go to a scratch matrix of its own.
        var dropped = [T](unsafeUninitializedCapacity: dropout.isEmpty ? 0 : probabilityCount) { _, count in
            count = dropout.isEmpty ? 0 : probabilityCount
        }
        query.withUnsafeBufferPointer { q in
        key.withUnsafeBufferPointer { k in
        value.withUnsafeBufferPointer { v in
        bias.withUnsafeBufferPointer { bias in
        dropout.withUnsafeBufferPointer { factors in
        dropped.withUnsafeMutableBufferPointer { dropped in
        y.withUnsafeMutableBufferPointer { y in
        probabilities.withUnsafeMutableBufferPointer { p in
            let q = SharedBuffer(q), k = SharedBuffer(k), v = SharedBuffer(v), y = SharedBuffer(y), scores = SharedBuffer(p)
            let bias = SharedBuffer(bias), factors = SharedBuffer(factors), dropped = SharedBuffer(dropped)
            forEachPair { pair in
                let sequence = pair / heads, head = pair % heads
                let queries = sequence * queryLength * width + head * headWidth, keys = sequence * keyLength * width + head * headWidth
                let pairScores = scores.base + pair * square
                T.gemm(transposeA: false, transposeB: true, m: queryLength, n: keyLength, k: headWidth, alpha: T(scale),
                       q.base + queries, lda: width, k.base + keys, ldb: width, beta: 0, pairScores, ldc: keyLength)
                if bias.count > 0 {
                    let headBias = bias.base + head * square
                    for i in 0..<square { pairScores[i] += headBias[i] }
                }
                for t in 0..<queryLength { softmaxRow(pairScores, row: t, keep: keep, sequence: sequence) }
                var attended = UnsafePointer(pairScores)
                if factors.count > 0 {
                    let out = dropped.base + pair * square, factor = factors.base + pair * square
                    for i in 0..<square { out[i] = pairScores[i] * factor[i] }
                    attended = UnsafePointer(out)
                }
                T.gemm(transposeA: false, transposeB: false, m: queryLength, n: headWidth, k: keyLength, alpha: 1,
                       attended, lda: keyLength, v.base + keys, ldb: width, beta: 0, y.base + queries, ldc: width)
            }
        }}}}}}}}
        return (y, Cache(probabilities: probabilities, dropout: dropout))
    }

    /// Adds the gradients of Q, K and V given `dy` and forward's inputs and cache.
    @inlinable
    public func backward<T: TensorScalar>(_ dy: [T], query: [T], key: [T], value: [T], cache: Cache<T>,
                                          dQuery: inout [T], dKey: inout [T], dValue: inout [T]) {
        var noBias: [T] = []
        backward(dy, query: query, key: key, value: value, cache: cache, dQuery: &dQuery, dKey: &dKey, dValue: &dValue, dBias: &noBias)
    }

    /// As above, and adds the gradient of the bias (summed over sequences) to `dBias`, unless
    /// `dBias` is empty.
    @inlinable
    public func backward<T: TensorScalar>(_ dy: [T], query: [T], key: [T], value: [T], cache: Cache<T>,
                                          dQuery: inout [T], dKey: inout [T], dValue: inout [T], dBias: inout [T]) {
        let width = heads * headWidth, square = queryLength * keyLength
        precondition(dy.count == query.count && dQuery.count == query.count && dKey.count == key.count && dValue.count == value.count,
                     "Attention.backward: shapes")
        precondition(dBias.isEmpty || dBias.count == heads * square, "Attention.backward: bias shape")
        // P̃ = P ⊙ M; dV = P̃ᵀ dOut; dP = (dOut Vᵀ) ⊙ M; dS = P ⊙ (dP − Σ_s dP ⊙ P); dQ = scale · dS K; dK = scale · dSᵀ Q
        var dScores = [T](unsafeUninitializedCapacity: probabilityCount) { _, count in count = probabilityCount }
        dy.withUnsafeBufferPointer { dOut in
        query.withUnsafeBufferPointer { q in
        key.withUnsafeBufferPointer { k in
        value.withUnsafeBufferPointer { v in
        cache.probabilities.withUnsafeBufferPointer { p in
        cache.dropout.withUnsafeBufferPointer { factors in
        dScores.withUnsafeMutableBufferPointer { dS in
        dQuery.withUnsafeMutableBufferPointer { dq in
        dKey.withUnsafeMutableBufferPointer { dk in
        dValue.withUnsafeMutableBufferPointer { dv in
            let dOut = SharedBuffer(dOut), q = SharedBuffer(q), k = SharedBuffer(k), v = SharedBuffer(v), p = SharedBuffer(p)
            let factors = SharedBuffer(factors), dS = SharedBuffer(dS), dq = SharedBuffer(dq), dk = SharedBuffer(dk), dv = SharedBuffer(dv)
            forEachPair { pair in
                let sequence = pair / heads, head = pair % heads
                let queries = sequence * queryLength * width + head * headWidth, keys = sequence * keyLength * width + head * headWidth
                let probability = p.base + pair * square, d = dS.base + pair * square
                let factor = factors.count > 0 ? factors.base + pair * square : nil
                var attended = UnsafePointer(probability)
                if let factor {
                    // The pair's dS matrix holds P̃ until dP overwrites it.
                    for i in 0..<square { d[i] = probability[i] * factor[i] }
                    attended = UnsafePointer(d)
                }
                T.gemm(transposeA: true, transposeB: false, m: keyLength, n: headWidth, k: queryLength, alpha: 1,
                       attended, lda: keyLength, dOut.base + queries, ldb: width, beta: 1, dv.base + keys, ldc: width)
                T.gemm(transposeA: false, transposeB: true, m: queryLength, n: keyLength, k: headWidth, alpha: 1,
                       dOut.base + queries, lda: width, v.base + keys, ldb: width, beta: 0, d, ldc: keyLength)
                if let factor { for i in 0..<square { d[i] *= factor[i] } }
                for t in 0..<queryLength {
                    let row = t * keyLength
                    var dot: T = 0
                    for s in 0..<keyLength { dot += d[row + s] * probability[row + s] }
                    for s in 0..<keyLength { d[row + s] = probability[row + s] * (d[row + s] - dot) }
                }
                T.gemm(transposeA: false, transposeB: false, m: queryLength, n: headWidth, k: keyLength, alpha: T(scale),
                       d, lda: keyLength, k.base + keys, ldb: width, beta: 1, dq.base + queries, ldc: width)
                T.gemm(transposeA: true, transposeB: false, m: keyLength, n: headWidth, k: queryLength, alpha: T(scale),
                       d, lda: keyLength, q.base + queries, ldb: width, beta: 1, dk.base + keys, ldc: width)
            }
        }}}}}}}}}}
        guard !dBias.isEmpty else { return }
        // ∂bias = Σ_sequences dS, summed in sequence order per element: the same for any thread count.
        dScores.withUnsafeBufferPointer { dS in
            dBias.withUnsafeMutableBufferPointer { dBias in
                let dS = SharedBuffer(dS), dBias = SharedBuffer(dBias)
                Parallel.forRanges(heads * square, grain: Parallel.elementGrain) { range in
                    for sequence in 0..<batch {
                        let base = sequence * heads * square
                        for i in range { dBias[i] += dS[base + i] }
                    }
                }
            }
        }
    }

    /// Calls `body` for every (sequence, head) pair on `Parallel`'s threads. BLAS runs each call
    /// on one thread (`BLASRuntime`), so each pair's small products run whole on the thread that
    /// asks for them; products do not depend on the thread count.
    @inlinable
    func forEachPair(_ body: (Int) -> Void) {
        Parallel.forEach(batch * heads, body)
    }

    /// Softmax of one row of `keyLength` scores in place, over the keys the masks allow; masked
    /// keys get exactly 0.
    @inlinable
    func softmaxRow<T: TensorScalar>(_ scores: UnsafeMutablePointer<T>, row t: Int, keep: [Bool], sequence b: Int) {
        let row = scores + t * keyLength, mask = b * keyLength
        let keys = causal ? t + 1 : keyLength
        var maximum = -T.greatestFiniteMagnitude
        for s in 0..<keys where keep[mask + s] { maximum = max(maximum, row[s]) }
        var sum: T = 0
        for s in 0..<keys {
            let e = T.exp(row[s] - maximum)
            row[s] = e
        }
        for s in 0..<keys {
            if !keep[mask + s] { row[s] = 0 }
            sum += row[s]
        }
        for s in keys..<keyLength { row[s] = 0 }
        let inverse = sum > 0 ? 1 / sum : 0
        for s in 0..<keyLength { row[s] *= inverse }
    }
}
