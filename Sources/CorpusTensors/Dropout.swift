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
        if var skippable = generator as? any SkippableRandomNumberGenerator {
            let source = skippable.takeMaskDraws(count: count)
            let mask: [T] = parallelMask(source, count: count, scale: scale, threshold: threshold)
            if let after = skippable as? G {
                generator = after
                return mask
            }
        }
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

    /// The same mask as the loop in `mask(count:rate:generator:)` draws, in pieces of
    /// `Parallel.elementGrain` elements, each from the draws that start at its first element.
    @inlinable
    static func parallelMask<T: TensorScalar>(_ generator: any SkippableRandomNumberGenerator, count: Int, scale: T,
                                             threshold: UInt64) -> [T] {
        let grain = Parallel.elementGrain  // even: a piece starts at a fresh draw
        return Parallel.array(count: count, grain: grain) { mask, range in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: (range.count + 1) / 2) { draws in
                generator.draws(after: range.lowerBound / 2, into: draws)
                for (pair, bits) in draws.enumerated() {
                    let index = range.lowerBound + 2 * pair
                    mask[index] = bits & 0xFFFF_FFFF < threshold ? 0 : scale
                    if index + 1 < range.upperBound { mask[index + 1] = bits >> 32 < threshold ? 0 : scale }
                }
            }
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
        Parallel.accumulate(dy, mask, into: &dx) { dy, factor in dy * factor }
    }
}

/// A random number generator that can jump ahead: `Dropout.mask` then draws its pieces in
/// parallel and still gives the mask the draws in order would.
public protocol SkippableRandomNumberGenerator: RandomNumberGenerator {
    /// Writes the `draws.count` values that `next()` would return after first skipping
    /// `offset` of them; the generator itself does not move.
    func draws(after offset: Int, into draws: UnsafeMutableBufferPointer<UInt64>)
    /// Moves past `draws` values of `next()`.
    mutating func skip(draws: Int)
    /// The generator whose draws a dropout mask of `count` elements reads (from offset 0), and
    /// moves past that mask. By default: the generator as it is, then `(count + 1) / 2` draws
    /// skipped. A data-parallel shard's generator answers with its rows' part of the whole
    /// batch's mask instead, so each process draws what those rows get in a single process.
    mutating func takeMaskDraws(count: Int) -> any SkippableRandomNumberGenerator
}

extension SkippableRandomNumberGenerator {
    /// The generator as it is; then skips the mask's `(count + 1) / 2` draws.
    public mutating func takeMaskDraws(count: Int) -> any SkippableRandomNumberGenerator {
        let start = self
        skip(draws: (count + 1) / 2)
        return start
    }
}
