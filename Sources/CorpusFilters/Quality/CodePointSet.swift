/// A set of Unicode code points built from inclusive ranges: a bitmap answers for the Basic
/// Multilingual Plane in constant time, a binary search over the ranges for the planes above.
struct CodePointSet: Sendable {
    private var basicPlane: [UInt64]
    private var upperRanges: [ClosedRange<UInt32>]

    /// Makes the set from a flat list of inclusive ranges, `lo, hi, lo, hi, ...`, in ascending order.
    init(flatRanges: [UInt32]) {
        precondition(flatRanges.count % 2 == 0, "ranges come in lo, hi pairs")
        basicPlane = [UInt64](repeating: 0, count: 0x10000 / 64)
        upperRanges = []
        for pair in stride(from: 0, to: flatRanges.count, by: 2) {
            let lo = flatRanges[pair]
            let hi = flatRanges[pair + 1]
            if lo <= 0xFFFF {
                for v in lo...min(hi, 0xFFFF) { basicPlane[Int(v >> 6)] |= 1 << UInt64(v & 63) }
            }
            if hi > 0xFFFF { upperRanges.append(max(lo, 0x10000)...hi) }
        }
    }

    /// Makes the set of the given characters' code points.
    init(_ scalars: some Sequence<Unicode.Scalar>) {
        self.init(flatRanges: scalars.map(\.value).sorted().flatMap { [$0, $0] })
    }

    /// The union of two sets.
    func union(_ other: CodePointSet) -> CodePointSet {
        var result = self
        for i in result.basicPlane.indices { result.basicPlane[i] |= other.basicPlane[i] }
        result.upperRanges = (upperRanges + other.upperRanges).sorted { $0.lowerBound < $1.lowerBound }
        return result
    }

    /// Whether `scalar` is in the set.
    @inline(__always)
    func contains(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v <= 0xFFFF { return basicPlane[Int(v >> 6)] & (1 << UInt64(v & 63)) != 0 }
        var lo = 0
        var hi = upperRanges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if upperRanges[mid].upperBound < v { lo = mid + 1 } else { hi = mid }
        }
        return lo < upperRanges.count && upperRanges[lo].contains(v)
    }
}
