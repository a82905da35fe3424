/// Large matrix products split into fixed pieces on `Parallel`'s threads, each piece one
/// single-threaded BLAS call.
///
/// OpenBLAS's own threads hand each product's halves back and forth and wait for each other
/// at every product; on a shared machine one slow core stalls both. Here a product is cut by
/// its shape alone (never by the thread count) into pieces that run whole, each on whichever
/// thread is free, so the result is bit-identical on any number of threads.
extension Parallel {
    /// Rows of the output per piece when a product is split by rows.
    public static let productRows = 512

    /// Summed-over depth per piece when a product `op(a)ᵀ·b` that sums over many rows (a
    /// weight gradient `dyᵀ x`) is split along that depth instead: each piece packs only its own
    /// slice of both operands, and the partial products are added in piece order.
    public static let productDepth = 512

    /// Products below this many multiply-adds run as one single-threaded BLAS call: splitting
    /// them costs more than it saves.
    public static let productMinimum = 1 << 21

    /// `c = alpha · op(a) · op(b) + beta · c` as `T.gemm` computes it, in fixed pieces. Densely
    /// stored operands (leading dimensions as `T.gemm` without strides assumes).
    @inlinable
    public static func product<T: TensorScalar>(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: T,
                                                _ a: UnsafePointer<T>, _ b: UnsafePointer<T>, beta: T, _ c: UnsafeMutablePointer<T>) {
        let lda = transposeA ? m : k, ldb = transposeB ? k : n, ldc = n
        let threads = width
        // The same pieces on one thread as on many: only who runs them differs. A small product
        // runs whole as one BLAS call, on one thread (BLASRuntime keeps OpenBLAS on one: its
        // threads split some shapes, a weight gradient `dyᵀ x` of a few hundred rows, so that the
        // sums differ in the last bits).
        guard m * n * k >= productMinimum else {
            T.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha, a, lda: lda, b, ldb: ldb,
                   beta: beta, c, ldc: ldc)
            return
        }
        if transposeA && !transposeB && k >= 2 * productDepth {
            productByDepth(m: m, n: n, k: k, alpha: alpha, a, b, beta: beta, c, threads: threads)
            return
        }
        let pieces = (m + productRows - 1) / productRows
        let shared = SharedBuffer(UnsafeMutableBufferPointer(start: c, count: m * n))
        let left = UncheckedSendable(a)
        forEach(pieces, threads: threads) { piece in
            let first = piece * productRows, rows = min(productRows, m - first)
            // Row `first` of op(a) starts `first` rows down a, or `first` columns across aᵀ.
            let aPiece = left.value + (transposeA ? first : first * lda)
            T.gemm(transposeA: transposeA, transposeB: transposeB, m: rows, n: n, k: k, alpha: alpha, aPiece, lda: lda,
                   b, ldb: ldb, beta: beta, shared.base + first * ldc, ldc: ldc)
        }
    }

    /// `c = alpha · aᵀ · b + beta · c` with a `k × m` and b `k × n`, split along k: piece 0
    /// accumulates into c, the others into scratch matrices added to c afterwards in order.
    @inlinable
    static func productByDepth<T: TensorScalar>(m: Int, n: Int, k: Int, alpha: T, _ a: UnsafePointer<T>, _ b: UnsafePointer<T>,
                                                beta: T, _ c: UnsafeMutablePointer<T>, threads: Int) {
        let pieces = (k + productDepth - 1) / productDepth, size = m * n
        var partials = [T](unsafeUninitializedCapacity: (pieces - 1) * size) { _, count in count = (pieces - 1) * size }
        partials.withUnsafeMutableBufferPointer { partials in
            let partials = SharedBuffer(partials), target = SharedBuffer(UnsafeMutableBufferPointer(start: c, count: size))
            let left = UncheckedSendable(a), right = UncheckedSendable(b)
            forEach(pieces, threads: threads) { piece in
                let first = piece * productDepth, depth = min(productDepth, k - first)
                let out = piece == 0 ? target.base : partials.base + (piece - 1) * size
                T.gemm(transposeA: true, transposeB: false, m: m, n: n, k: depth, alpha: alpha, left.value + first * m, lda: m,
                       right.value + first * n, ldb: n, beta: piece == 0 ? beta : 0, out, ldc: n)
            }
            forRanges(size, grain: elementGrain, threads: threads) { range in
                for piece in 1..<pieces {
                    let partial = partials.base + (piece - 1) * size
                    for i in range { target[i] += partial[i] }
                }
            }
        }
    }
}
