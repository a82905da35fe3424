/// Inverted dropout: each element is kept with probability 1 − rate and scaled by 1/(1 − rate),
/// so evaluation needs no rescaling. The mask comes from a caller-seeded generator, drawn in
/// element order, so the same seed gives the same mask whatever the thread count.
public enum Dropout {
    /// A mask of `count` factors, each 0 or 1/(1 − rate).
    @inlinable
    public static func mask<T: TensorScalar, G: RandomNumberGenerator>(count: Int, rate: Double, generator: inout G) -> [T] {
        precondition((0..<1).contains(rate), "Dropout: rate \(rate) outside 0..<1")
        guard rate > 0 else { return [T](repeating: 1, count: count) }
        let scale = T(1 / (1 - rate))
        // 53 random bits give a uniform double in [0, 1).
        return (0..<count).map { _ in Double(generator.next() >> 11) * 0x1p-53 < rate ? 0 : scale }
    }

    /// `x ⊙ mask`.
    @inlinable
    public static func forward<T: TensorScalar>(_ x: [T], mask: [T]) -> [T] {
        precondition(x.count == mask.count, "Dropout: shapes")
        return zip(x, mask).map { $0 * $1 }
    }

    /// Adds `dy ⊙ mask` to `dx`.
    @inlinable
    public static func backward<T: TensorScalar>(_ dy: [T], mask: [T], dx: inout [T]) {
        for i in dy.indices { dx[i] += dy[i] * mask[i] }
    }
}
