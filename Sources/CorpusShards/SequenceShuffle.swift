/// A seeded permutation of `0..<count` for each epoch, computed per position without storing
/// it: a 4-round Feistel network over the smallest even number of bits that covers `count`,
/// cycle-walked back into range. Integer arithmetic only, so every machine gets the same order.
public struct SequenceShuffle: Sendable, Equatable {
    /// How many items are permuted.
    public let count: Int
    /// The seed; with the epoch it fixes the order.
    public let seed: UInt64
    private let halfBits: Int

    /// A shuffle of `count` items under `seed`.
    public init(count: Int, seed: UInt64) {
        precondition(count >= 0, "SequenceShuffle needs a count of at least 0")
        self.count = count
        self.seed = seed
        let bits = count <= 1 ? 2 : Int.bitWidth - (count - 1).leadingZeroBitCount
        halfBits = (max(bits, 2) + 1) / 2
    }

    /// The item at `position` of epoch `epoch`'s order.
    public func item(at position: Int, epoch: Int) -> Int {
        precondition(position >= 0 && position < count, "position \(position) outside 0..<\(count)")
        if count == 1 { return 0 }
        let keys = roundKeys(epoch: epoch)
        let mask = (UInt64(1) << UInt64(halfBits)) - 1
        var value = UInt64(position)
        repeat {
            var left = value >> UInt64(halfBits)
            var right = value & mask
            for key in keys {
                (left, right) = (right, left ^ (mix64(right ^ key) & mask))
            }
            value = (left << UInt64(halfBits)) | right
        } while value >= UInt64(count)
        return Int(value)
    }

    /// Epoch `epoch`'s whole order.
    public func order(epoch: Int) -> [Int] { (0..<count).map { item(at: $0, epoch: epoch) } }

    /// The four round keys of `epoch`: mix64(base + r) with base = mix64(seed ^ mix64(epoch)).
    private func roundKeys(epoch: Int) -> [UInt64] {
        let base = mix64(seed ^ mix64(UInt64(truncatingIfNeeded: epoch)))
        return (0..<4).map { mix64(base &+ UInt64($0)) }
    }
}

/// SplitMix64's finalizer: a fast, well-mixed bijection of 64-bit integers.
@inline(__always)
func mix64(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}
