import COpenBLAS
import Testing

/// C = alpha * A * B + beta * C for row-major A (m × k), B (k × n), C (m × n).
private func sgemm(m: Int, n: Int, k: Int, alpha: Float, _ a: [Float], _ b: [Float],
                   beta: Float, _ c: inout [Float]) {
    precondition(a.count == m * k && b.count == k * n && c.count == m * n, "shapes")
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, blasint(m), blasint(n), blasint(k),
                alpha, a, blasint(k), b, blasint(n), beta, &c, blasint(n))
}

@Suite("OpenBLAS")
struct OpenBLASTests {
    @Test("openblas sgemm multiplies a 2x3 by a 3x2 matrix as computed by hand")
    func smallProduct() {
        let a: [Float] = [1, 2, 3,
                          4, 5, 6]
        let b: [Float] = [7, 8,
                          9, 10,
                          11, 12]
        var c = [Float](repeating: 0, count: 4)
        sgemm(m: 2, n: 2, k: 3, alpha: 1, a, b, beta: 0, &c)
        // [1·7+2·9+3·11, 1·8+2·10+3·12; 4·7+5·9+6·11, 4·8+5·10+6·12]
        #expect(c == [58, 64, 139, 154])
    }

    @Test("openblas sgemm scales by alpha and accumulates into C with beta")
    func alphaBeta() {
        let identity: [Float] = [1, 0, 0, 1]
        let b: [Float] = [1, 2, 3, 4]
        var c: [Float] = [10, 20, 30, 40]
        sgemm(m: 2, n: 2, k: 2, alpha: 2, identity, b, beta: 0.5, &c)
        #expect(c == [7, 14, 21, 28])
    }

    @Test("openblas sgemm agrees with a naive product on a 33x17x29 matrix")
    func oddSizesAgainstNaive() {
        let (m, n, k) = (33, 17, 29)
        // Small integers keep every sum exact in Float, so the comparison can be exact.
        let a = (0..<(m * k)).map { Float($0 % 7) - 3 }
        let b = (0..<(k * n)).map { Float($0 % 5) - 2 }
        var c = [Float](repeating: 0, count: m * n)
        sgemm(m: m, n: n, k: k, alpha: 1, a, b, beta: 0, &c)
        var expected = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                for p in 0..<k { expected[i * n + j] += a[i * k + p] * b[p * n + j] }
            }
        }
        #expect(c == expected)
    }

    @Test("openblas names the CPU core its kernels were chosen for")
    func coreName() {
        let name = openblas_get_corename().map { String(cString: $0) } ?? ""
        #expect(!name.isEmpty)
        #expect(openblas_get_num_threads() >= 1)
    }
}
