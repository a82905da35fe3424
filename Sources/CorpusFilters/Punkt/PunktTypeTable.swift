/// A read-only hash table from Punkt word types to small integers, for the model's lookups.
///
/// Keys are UTF-8 bytes compared byte for byte, as Python compares `str` (Swift `String`
/// equality would also match canonically equivalent spellings). Lookups take a borrowed byte
/// buffer, so the splitter builds a token's type in scratch memory without allocating a `String`.
struct PunktTypeTable: Sendable {
    /// The keys' bytes, one after another.
    private var keyBytes: [UInt8] = []
    /// Where key `i` starts in `keyBytes`; key `i` ends where key `i + 1` starts.
    private var keyStarts: [Int] = [0]
    /// The value of key `i`.
    private var values: [Int32] = []
    /// Open-addressing slots holding key indices, or -1 where empty; the count is a power of two.
    private var slots: [Int32]

    /// The number of distinct keys.
    var count: Int { values.count }

    /// A table of `entries`; where a key repeats, its last value wins (as in a Python dict).
    init<Entries: Sequence>(_ entries: Entries) where Entries.Element == ([UInt8], Int32) {
        var capacity = 16
        let expected = entries.underestimatedCount
        while capacity < expected * 2 { capacity *= 2 }
        slots = [Int32](repeating: -1, count: capacity)
        for (key, value) in entries { insert(key, value) }
    }

    /// The value stored for `key`, or `nil` when the table has no such key.
    @inline(__always)
    func value(for key: UnsafeBufferPointer<UInt8>) -> Int32? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: Self.hash(key)) & mask
        while true {
            let index = Int(slots[slot])
            if index < 0 { return nil }
            if keyEquals(index, key) { return values[index] }
            slot = (slot + 1) & mask
        }
    }

    /// Whether the table has `key`.
    @inline(__always)
    func contains(_ key: UnsafeBufferPointer<UInt8>) -> Bool { value(for: key) != nil }

    /// Whether the table has `key`, given as an array of bytes.
    func contains(_ key: [UInt8]) -> Bool { key.withUnsafeBufferPointer { contains($0) } }

    private mutating func insert(_ key: [UInt8], _ value: Int32) {
        let mask = slots.count - 1
        var slot = key.withUnsafeBufferPointer { Int(truncatingIfNeeded: Self.hash($0)) } & mask
        while slots[slot] >= 0 {
            let index = Int(slots[slot])
            if key.withUnsafeBufferPointer({ keyEquals(index, $0) }) {
                values[index] = value
                return
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = Int32(values.count)
        keyBytes.append(contentsOf: key)
        keyStarts.append(keyBytes.count)
        values.append(value)
        if values.count * 2 > slots.count { rehash(capacity: slots.count * 2) }
    }

    private mutating func rehash(capacity: Int) {
        slots = [Int32](repeating: -1, count: capacity)
        for index in 0..<values.count {
            let hash = keyBytes.withUnsafeBufferPointer { bytes in
                Self.hash(UnsafeBufferPointer(rebasing: bytes[keyStarts[index]..<keyStarts[index + 1]]))
            }
            var slot = Int(truncatingIfNeeded: hash) & (capacity - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = Int32(index)
        }
    }

    @inline(__always)
    private func keyEquals(_ index: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = keyStarts[index]
        guard keyStarts[index + 1] - start == key.count else { return false }
        return keyBytes.withUnsafeBufferPointer { bytes in
            for offset in 0..<key.count where bytes[start + offset] != key[offset] { return false }
            return true
        }
    }

    /// FNV-1a over the key's bytes.
    @inline(__always)
    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in key { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }
}
