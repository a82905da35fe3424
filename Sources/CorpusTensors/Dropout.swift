/// Inverted dropout: each element is kept with probability 1 − rate and scaled by 1/(1 − rate),
/// so evaluation needs no rescaling. The mask comes from a caller-seeded generator, drawn in
/// element order, so the same seed gives the same mask whatever the thread count.
public enum Dropout {
    /// A mask of `count` factors, each 0 or 1/(1 − rate). Each 64-bit draw decides two elements,
    /// one 32-bit uniform each (low half first): an element is dropped when its uniform is below
    /// rate · 2³², a probability within 2⁻³² of `rate`.
    @inlinable
    public static func mask<T: TensorScalar, G: RandomNumberGenerator>(count: Int, rate: Double, generator: inout G) -> [T] {
        precondition((0..<1).contains(rate), "Dropout: rate \(rate) outside 0..<1")
        guard rate > 0 else { return [T](repeating: 1, count: count) }
        let scale = T(1 / (1 - rate))
        let threshold = UInt64((rate * 0x1p32).rounded())
        return [T](unsafeUninitializedCapacity: count) { mask, initialized in
            var index = 0
            while index < count {
                let bits = generator.next()
                mask[index] = bits & 0xFFFF_FFFF < threshold ? 0 : scale
                if index + 1 < count { mask[index + 1] = bits >> 32 < threshold ? 0 : scale }
                index += 2
            }
            initialized = count
        }
    }

    /// `x ⊙ mask`.
    @inlinable
    public static func forward<T: TensorScalar>(_ x: [T], mask: [T]) -> [T] {
        precondition(x.count == mask.count, "Dropout: shapes")
        return x.withUnsafeBufferPointer { x in
            mask.withUnsafeBufferPointer { mask in
                let x = SharedBuffer(x), mask = SharedBuffer(mask)
                return Parallel.array(count: x.count) { y, range in
                    for i in range { y[i] = x[i] * mask[i] }
                }
            }
        }
    }

    /// `residual + x ⊙ mask`: a dropped-out branch added back onto the residual path.
    @inlinable
    public static func forward<T: TensorScalar>(_ x: [T], mask: [T], adding residual: [T]) -> [T] {
        precondition(x.count == mask.count && residual.count == x.count, "Dropout: shapes")
        return x.withUnsafeBufferPointer { x in
            mask.withUnsafeBufferPointer { mask in
                residual.withUnsafeBufferPointer { residual in
                    let x = SharedBuffer(x), mask = SharedBuffer(mask), residual = SharedBuffer(residual)
                    return Parallel.array(count: x.count) { y, range in
                        for i in range { y[i] = residual[i] + x[i] * mask[i] }
                    }
                }
            }
        }
    }

    /// Adds `dy ⊙ mask` to `dx`.
    @inlinable
    public static func backward<T: TensorScalar>(_ dy: [T], mask: [T], dx: inout [T]) {
        precondition(dy.count == mask.count && dx.count == dy.count, "Dropout: shapes")
        dy.withUnsafeBufferPointer { dy in
            mask.withUnsafeBufferPointer { mask in
                dx.withUnsafeMutableBufferPointer { dx in
                    let dy = SharedBuffer(dy), mask = SharedBuffer(mask), dx = SharedBuffer(dx)
                    Parallel.forRanges(dx.count, grain: Parallel.elementGrain) { range in
                        for i in range { dx[i] += dy[i] * mask[i] }
                    }
                }
            }
        }
    }
}
