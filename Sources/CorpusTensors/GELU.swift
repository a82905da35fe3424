/// The Gaussian error linear unit with the exact erf form BERT and ELECTRA use:
/// `gelu(x) = x · Φ(x) = ½ x (1 + erf(x / √2))`.
public enum GELU {
    /// gelu of every element.
    @inlinable
    public static func forward<T: TensorScalar>(_ x: [T]) -> [T] {
        x.map { $0 * (1 + T.erf($0 * T(0.7071067811865476))) / 2 }
    }

    /// Adds `dy · gelu'(x)` to `dx`; gelu'(x) = Φ(x) + x · φ(x).
    @inlinable
    public static func backward<T: TensorScalar>(_ dy: [T], x: [T], dx: inout [T]) {
        for i in x.indices {
            let v = x[i]
            let cdf = (1 + T.erf(v * T(0.7071067811865476))) / 2
            let pdf = T.exp(-v * v / 2) * T(0.3989422804014327)
            dx[i] += dy[i] * (cdf + v * pdf)
        }
    }
}
