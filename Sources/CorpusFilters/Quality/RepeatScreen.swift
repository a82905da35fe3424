/// A screen that finds, before any n-gram is counted, the n-grams that cannot repeat: every
/// fingerprint of a document's n-grams is dropped into one of about 8 buckets per n-gram, and a
/// fingerprint alone in its bucket belongs to an n-gram whose text occurs exactly once (equal
/// texts have equal fingerprints, so they would share the bucket). Such an n-gram is never a
/// repeat and never repeated, so the occurrence table can skip it: the count is unchanged and the
/// table, holding only the few n-grams that may repeat, stays small enough for the cache.
struct RepeatScreen {
    /// One bit per bucket: some fingerprint fell in it.
    private var seen: [UInt64]
    /// One bit per bucket: two or more fingerprints fell in it.
    private var shared: [UInt64]
    private let shift: UInt64
    /// How many of the screened fingerprints fell in shared buckets.
    private(set) var candidates = 0

    /// Screens `fingerprints`.
    init(_ fingerprints: UnsafeBufferPointer<UInt64>) {
        var bits = 1 << 9
        while bits < fingerprints.count * 8 { bits <<= 1 }
        shift = UInt64(64 - bits.trailingZeroBitCount)
        var seen = [UInt64](repeating: 0, count: bits / 64)
        var shared = [UInt64](repeating: 0, count: bits / 64)
        let shift = self.shift
        seen.withUnsafeMutableBufferPointer { seen in
            shared.withUnsafeMutableBufferPointer { shared in
                for fingerprint in fingerprints {
                    let bucket = spreadHash(fingerprint, shift: shift)
                    let mask: UInt64 = 1 << UInt64(bucket & 63)
                    if seen[bucket >> 6] & mask != 0 { shared[bucket >> 6] |= mask } else { seen[bucket >> 6] |= mask }
                }
            }
        }
        self.seen = seen
        self.shared = shared
        candidates = fingerprints.count { mayRepeat($0) }
    }

    /// Whether the n-gram with `fingerprint` may occur more than once; false only when its text
    /// is certainly unique in the document.
    @inline(__always)
    func mayRepeat(_ fingerprint: UInt64) -> Bool {
        let bucket = spreadHash(fingerprint, shift: shift)
        return shared[bucket >> 6] & (1 << UInt64(bucket & 63)) != 0
    }
}
