/// The distinct words of a text, each numbered in order of first appearance, and each word
/// occurrence as its number. Rules that look at words one by one (symbol words, letters, stop
/// words) then look at each distinct word once, and n-grams of words compare as runs of numbers.
///
/// Two occurrences get the same number exactly when their code points are equal: words are
/// found through a 64-bit hash, and a hash match is confirmed by comparing the code points.
public struct WordVocabulary: Sendable {
    /// The number of each word occurrence, in text order (`ids[k]` is word `k`'s entry).
    public let ids: [Int32]
    /// Each distinct word's first occurrence as a range of the text's code points, by number.
    public let firstRanges: [Range<Int>]
    /// How many times each distinct word occurs, by number.
    public let counts: [Int32]

    /// The number of distinct words.
    public var count: Int { firstRanges.count }

    /// Numbers the words of `words`.
    public init(_ words: EnglishWordSplitter.Words) {
        var ids: [Int32] = []
        ids.reserveCapacity(words.ranges.count)
        var firstRanges: [Range<Int>] = []
        var counts: [Int32] = []
        var size = 64
        while size < words.ranges.count * 2 { size <<= 1 }
        // Slots hold a word number + 1 (0: empty), 4 bytes each so the table stays in cache;
        // each distinct word's hash is kept by number, for a cheap check before comparing.
        var slots = [Int32](repeating: 0, count: size)
        var hashes: [UInt64] = []
        let mask = size - 1
        words.scalars.withUnsafeBufferPointer { s in
            slots.withUnsafeMutableBufferPointer { slots in
                for range in words.ranges {
                    let hash = scalarHash(s, range.lowerBound, range.upperBound)
                    var slot = spreadHash(hash, shift: 32) & mask
                    while true {
                        let entry = Int(slots[slot]) - 1
                        if entry < 0 {
                            slots[slot] = Int32(firstRanges.count + 1)
                            hashes.append(hash)
                            ids.append(Int32(firstRanges.count))
                            firstRanges.append(range)
                            counts.append(1)
                            break
                        }
                        if hashes[entry] == hash, ScalarText.equal(s, firstRanges[entry], range) {
                            ids.append(Int32(entry))
                            counts[entry] += 1
                            break
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
        self.ids = ids
        self.firstRanges = firstRanges
        self.counts = counts
    }
}
