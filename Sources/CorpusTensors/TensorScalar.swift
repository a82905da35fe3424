import COpenBLAS

#if canImport(Glibc)
import Glibc
#endif

/// The element types the layers compute in: `Float` for training, `Double` for gradient checks.
/// Each brings its BLAS matrix product and the few transcendental functions the layers need.
public protocol TensorScalar: BinaryFloatingPoint, Sendable {
    /// `c = alpha · op(a) · op(b) + beta · c`, row-major with leading dimensions (the distance
    /// between rows as stored) `lda`, `ldb`, `ldc`, where op transposes when asked; `op(a)` is
    /// m × k, `op(b)` is k × n, `c` is m × n. Strides let a product read one head's columns of a
    /// wider matrix in place.
    static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Self,
                     _ a: UnsafePointer<Self>, lda: Int, _ b: UnsafePointer<Self>, ldb: Int,
                     beta: Self, _ c: UnsafeMutablePointer<Self>, ldc: Int)
    /// e^x.
    static func exp(_ x: Self) -> Self
    /// Natural logarithm.
    static func log(_ x: Self) -> Self
    /// The error function.
    static func erf(_ x: Self) -> Self
    /// Square root.
    static func sqrt(_ x: Self) -> Self
}

extension TensorScalar {
    /// `gemm` on densely stored matrices.
    @inlinable
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Self,
                            _ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, beta: Self, _ c: UnsafeMutablePointer<Self>) {
        gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
             a, lda: transposeA ? m : k, b, ldb: transposeB ? k : n, beta: beta, c, ldc: n)
    }
}

extension Float: TensorScalar {
    /// `cblas_sgemm`.
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                            _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
                            beta: Float, _ c: UnsafeMutablePointer<Float>, ldc: Int) {
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }

    /// e^x within 2 ulp, written out so that loops calling it vectorize: x = n ln 2 + r with
    /// |r| ≤ ½ ln 2 (Cody–Waite, ln 2 in two parts so n · high is exact), e^r by its Taylor
    /// polynomial to degree 7 (truncation below 3·10⁻⁹), times 2ⁿ built in the exponent bits.
    /// Inputs are clamped to [−87, 88], where the result stays a normal number; callers that need
    /// an exact 0 for e^−∞ (masked softmax entries) set it themselves.
    @inlinable @inline(__always)
    public static func exp(_ x: Float) -> Float {
        let clamped = x < -87 ? -87 : (x > 88 ? 88 : x)
        // Adding 1.5 · 2²³ rounds to the nearest integer n and leaves n in the low mantissa
        // bits, with no conversion that could trap (which would keep loops scalar).
        let shifted = clamped * 1.442_695_04 + 12_582_912
        let n = shifted - 12_582_912
        let r = (clamped - n * 0.693_145_751_953_125) - n * 1.428_606_765_330_187e-6
        var p: Float = 1.0 / 5040
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        let exponent = (shifted.bitPattern &- 0x4B40_0000 &+ 127) &<< 23
        return p * Float(bitPattern: exponent)
    }

    public static func log(_ x: Float) -> Float { logf(x) }

    /// erf(x) within 1.1·10⁻⁷ (under 2 ulp near ±1), written out so that loops calling it
    /// vectorize: the odd rational approximation on [−4, 4] that Eigen and XLA use for float,
    /// evaluated in double precision (in float its rounding errors reach 4.7·10⁻⁷); beyond ±4,
    /// erf is ±1 to float precision. `ErfTests` checks the bound against the double erf.
    @inlinable @inline(__always)
    public static func erf(_ x: Float) -> Float {
        let v = Double(x < -4 ? -4 : (x > 4 ? 4 : x))
        let s = v * v
        var p = -2.72614225801306e-10
        p = p * s + 2.77068142495902e-08
        p = p * s - 2.10102402082508e-06
        p = p * s - 5.69250639462346e-05
        p = p * s - 7.34990630326855e-04
        p = p * s - 2.95459980854025e-03
        p = p * s - 1.60960333262415e-02
        var q = -1.45660718464996e-05
        q = q * s - 2.13374055278905e-04
        q = q * s - 1.68282697438203e-03
        q = q * s - 7.37332916720468e-03
        q = q * s - 1.42647390514189e-02
        return Float(v * p / q)
    }

    public static func sqrt(_ x: Float) -> Float { sqrtf(x) }
}

extension Double: TensorScalar {
    /// `cblas_dgemm`.
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double,
                            _ a: UnsafePointer<Double>, lda: Int, _ b: UnsafePointer<Double>, ldb: Int,
                            beta: Double, _ c: UnsafeMutablePointer<Double>, ldc: Int) {
        cblas_dgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }
    public static func exp(_ x: Double) -> Double { Glibc.exp(x) }
    public static func log(_ x: Double) -> Double { Glibc.log(x) }
    public static func erf(_ x: Double) -> Double { Glibc.erf(x) }
    public static func sqrt(_ x: Double) -> Double { Glibc.sqrt(x) }
}
