/// A fixed-size record that dedup sorts outside memory: signatures, line keys, decisions.
///
/// Records are written to run files as their raw bytes, so a conforming type must be a plain
/// struct of integers (no references, no padding that could hold stray bytes). Its order is
/// total, so sorting and merging give the same sequence whatever the spill pattern.
public protocol SortRecord: BitwiseCopyable, Comparable, Sendable {
    /// A well-mixed hash that picks the record's partition; equal keys share a partition.
    var partitionHash: UInt64 { get }
}

extension SortRecord {
    /// The partition of `count` this record belongs to.
    @inlinable
    public func partition(of count: Int) -> Int {
        Int(partitionHash.multipliedFullWidth(by: UInt64(count)).high)
    }
}

/// Mixes a 64-bit value so that its high bits are uniform (the SplitMix64 finalizer).
@inlinable
public func mix64(_ value: UInt64) -> UInt64 {
    var z = value &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}
