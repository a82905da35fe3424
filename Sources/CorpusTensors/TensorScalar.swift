import COpenBLAS

#if canImport(Glibc)
import Glibc
#endif

/// The element types the layers compute in: `Float` for training, `Double` for gradient checks.
/// Each brings its BLAS matrix product and the few transcendental functions the layers need.
public protocol TensorScalar: BinaryFloatingPoint, Sendable {
    /// `c = alpha · op(a) · op(b) + beta · c`, row-major, where op transposes when asked;
    /// `op(a)` is m × k, `op(b)` is k × n, `c` is m × n.
    static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Self,
                     _ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, beta: Self, _ c: UnsafeMutablePointer<Self>)
    /// e^x.
    static func exp(_ x: Self) -> Self
    /// Natural logarithm.
    static func log(_ x: Self) -> Self
    /// The error function.
    static func erf(_ x: Self) -> Self
    /// Square root.
    static func sqrt(_ x: Self) -> Self
}

extension Float: TensorScalar {
    /// `cblas_sgemm`.
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                            _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, beta: Float, _ c: UnsafeMutablePointer<Float>) {
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    blasint(m), blasint(n), blasint(k), alpha, a, blasint(transposeA ? m : k),
                    b, blasint(transposeB ? k : n), beta, c, blasint(n))
    }
    public static func exp(_ x: Float) -> Float { expf(x) }
    public static func log(_ x: Float) -> Float { logf(x) }
    public static func erf(_ x: Float) -> Float { erff(x) }
    public static func sqrt(_ x: Float) -> Float { sqrtf(x) }
}

extension Double: TensorScalar {
    /// `cblas_dgemm`.
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double,
                            _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, beta: Double, _ c: UnsafeMutablePointer<Double>) {
        cblas_dgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    blasint(m), blasint(n), blasint(k), alpha, a, blasint(transposeA ? m : k),
                    b, blasint(transposeB ? k : n), beta, c, blasint(n))
    }
    public static func exp(_ x: Double) -> Double { Glibc.exp(x) }
    public static func log(_ x: Double) -> Double { Glibc.log(x) }
    public static func erf(_ x: Double) -> Double { Glibc.erf(x) }
    public static func sqrt(_ x: Double) -> Double { Glibc.sqrt(x) }
}
