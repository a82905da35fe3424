/// An occurrence table of n-grams keyed by 64-bit fingerprints, each entry holding the position
/// of the n-gram's first occurrence and how often it occurred. Fingerprints only narrow the
/// search: two n-grams are the same entry only when the caller's exact comparison says so, so a
/// fingerprint collision costs a comparison, never a wrong count.
///
/// One table serves every n of a document: `reset(capacity:)` starts a new generation instead
/// of clearing the slots. A slot is 16 bytes (fingerprint, generation and first position), so
/// four share a cache line; the counts live apart, slot by slot, and are read only when an
/// n-gram repeats. Positions must be below 2^32 (a document has far fewer words).
struct FingerprintTable {
    fileprivate struct Slot {
        var fingerprint: UInt64 = 0
        /// The generation in the high 32 bits, the first position in the low 32.
        var stamp: UInt64 = 0
    }

    private var slots: [Slot] = []
    private var counts: [Int32] = []
    private var mask = 0
    private var generation: UInt64 = 0
    /// The most frequent entry since the last reset, the earliest first occurrence among equals.
    private(set) var best: (first: Int, count: Int) = (Int.max, 0)

    /// Empties the table and makes room for `capacity` distinct entries.
    mutating func reset(capacity: Int) {
        var size = 64
        while size < capacity + capacity / 2 { size <<= 1 }
        if size > slots.count || generation == UInt64(UInt32.max) {
            slots = [Slot](repeating: Slot(), count: max(size, slots.count))
            counts = [Int32](repeating: 0, count: slots.count)
            generation = 0
        }
        mask = size - 1
        generation += 1
        best = (Int.max, 0)
    }

    /// Runs `body` with a recorder that counts n-grams into the table.
    mutating func recording<R>(_ body: (inout Recorder) -> R) -> R {
        let (mask, generation, best) = (self.mask, self.generation << 32, self.best)
        let (result, newBest) = slots.withUnsafeMutableBufferPointer { slots in
            counts.withUnsafeMutableBufferPointer { counts in
                var recorder = Recorder(slots: slots, counts: counts, mask: mask, generation: generation, best: best)
                let result = body(&recorder)
                return (result, recorder.best)
            }
        }
        self.best = newBest
        return result
    }

    /// Counts n-grams into a table's slots, for the duration of `recording`.
    struct Recorder {
        fileprivate let slots: UnsafeMutableBufferPointer<Slot>
        fileprivate let counts: UnsafeMutableBufferPointer<Int32>
        fileprivate let mask: Int
        /// The generation, shifted into the high 32 bits.
        fileprivate let generation: UInt64
        fileprivate var best: (first: Int, count: Int)

        /// Counts an occurrence at `position` of the n-gram with `fingerprint`; `same(first)` says
        /// exactly whether it equals the n-gram first seen at `first`. True when the n-gram is new.
        @inline(__always) @discardableResult
        mutating func record(_ fingerprint: UInt64, at position: Int, same: (Int) -> Bool) -> Bool {
            var index = spreadHash(fingerprint, shift: 32) & mask
            while true {
                let slot = slots[index]
                if slot.stamp & 0xFFFF_FFFF_0000_0000 != generation {
                    slots[index] = Slot(fingerprint: fingerprint, stamp: generation | UInt64(position))
                    counts[index] = 1
                    if best.count < 1 { best = (position, 1) }
                    return true
                }
                let first = Int(truncatingIfNeeded: slot.stamp & 0xFFFF_FFFF)
                if slot.fingerprint == fingerprint, same(first) {
                    let count = Int(counts[index]) + 1
                    counts[index] = Int32(truncatingIfNeeded: count)
                    if count > best.count || (count == best.count && first < best.first) { best = (first, count) }
                    return false
                }
                index = (index + 1) & mask
            }
        }
    }
}
