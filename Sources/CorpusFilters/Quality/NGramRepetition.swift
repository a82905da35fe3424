/// datatrove's n-gram repetition measures (`find_top_duplicate`, `find_all_duplicate`) over a
/// document's numbered words, without building any n-gram's text.
///
/// An n-gram joined with spaces (top n-grams) equals another exactly when their word numbers do,
/// because words hold no whitespace; its fingerprint mixes the numbers and a match is confirmed
/// by comparing them. An n-gram joined with nothing (duplicated n-grams) must compare as text
/// (`ab c` equals `a bc`): its fingerprint is a polynomial hash of the joined code points, built
/// from prefix hashes taken at word boundaries, and a match is confirmed on the code points;
/// a `RepeatScreen` keeps n-grams whose text occurs once out of the occurrence table.
struct NGramRepetition {
    private let words: EnglishWordSplitter.Words
    private let vocabulary: WordVocabulary
    /// Each word's number (`vocabulary.ids`).
    private let ids: [Int32]
    /// `offsets[k]`: code points in the words before word `k` (`offsets.count` is words + 1).
    private let offsets: [Int]
    /// Polynomial hashes of the words joined with nothing, at word boundaries (like `offsets`).
    private var prefixHashes: [UInt64]

    /// Prepares the measures for `words`, numbered by `vocabulary`.
    init(_ words: EnglishWordSplitter.Words, _ vocabulary: WordVocabulary) {
        self.words = words
        self.vocabulary = vocabulary
        self.ids = vocabulary.ids
        var offsets = [Int](repeating: 0, count: words.ranges.count + 1)
        for (k, range) in words.ranges.enumerated() { offsets[k + 1] = offsets[k] + range.count }
        self.offsets = offsets
        self.prefixHashes = []
    }

    /// These measures with the prefix hashes that `duplicatedNGramCharacters` needs.
    func preparingJoinedText() -> NGramRepetition {
        var prepared = self
        prepared.prefixHashes = PolynomialHash.wordPrefixes(words, vocabulary)
        return prepared
    }

    /// `find_top_duplicate(get_n_grams(words, n))`: among the `" ".join`ed n-grams, the one
    /// occurring most often (ties: the one seen first), as its length in code points (spaces
    /// included) times its number of occurrences. `nil` when there are fewer than `n` words.
    /// `table` is scratch space, reused between calls.
    func topNGramCharacters(n: Int, table: inout FingerprintTable) -> Int? {
        let count = ids.count - n + 1
        guard count > 0 else { return nil }
        table.reset(capacity: count)
        ids.withUnsafeBufferPointer { ids in
            table.recording { recorder in
                for i in 0..<count {
                    var fingerprint: UInt64 = 0x243F_6A88_85A3_08D3
                    for k in i..<(i + n) { fingerprint = (fingerprint ^ UInt64(UInt32(bitPattern: ids[k]))) &* 0x100_0000_01B3 &+ 0x9E37 }
                    recorder.record(fingerprint, at: i) { first in Self.sameIDs(ids, first, i, n) }
                }
            }
        }
        let best = table.best
        return (offsets[best.first + n] - offsets[best.first] + n - 1) * best.count
    }

    /// An upper bound on `topNGramCharacters(n:)` found without counting n-grams: an n-gram
    /// occurring `c` times has each of its words at least `c` times, so its length times `c` is
    /// at most, at any of its occurrences, its length times the fewest occurrences of one of its
    /// words. 0 when there are fewer than `n` words.
    func topNGramCharactersBound(n: Int) -> Int {
        let count = ids.count - n + 1
        guard count > 0 else { return 0 }
        return ids.withUnsafeBufferPointer { ids in
            vocabulary.counts.withUnsafeBufferPointer { occurrences in
                offsets.withUnsafeBufferPointer { offsets in
                    var bound = 0
                    for i in 0..<count {
                        var fewest = Int32.max
                        for k in i..<(i + n) { fewest = min(fewest, occurrences[Int(ids[k])]) }
                        bound = max(bound, (offsets[i + n] - offsets[i] + n - 1) * Int(fewest))
                    }
                    return bound
                }
            }
        }
    }

    /// `find_all_duplicate(words, n)`: walking the `"".join`ed n-grams from the first word, an
    /// n-gram already seen adds its length in code points and jumps `n` words ahead (the n-grams
    /// it skips are neither counted nor remembered); an unseen one is remembered and the walk
    /// moves one word ahead. `table` is scratch space, reused between calls.
    func duplicatedNGramCharacters(n: Int, table: inout FingerprintTable) -> Int {
        let count = ids.count - n + 1
        guard count > 0 else { return 0 }
        precondition(!prefixHashes.isEmpty, "call preparingJoinedText() first")
        let powers = PolynomialHash.powers
        let fingerprints = offsets.withUnsafeBufferPointer { offsets in
            prefixHashes.withUnsafeBufferPointer { prefixes in
                [UInt64](unsafeUninitializedCapacity: count) { buffer, initialized in
                    for i in 0..<count {
                        let power = powers.power(offsets[i + n] - offsets[i])
                        buffer.initializeElement(at: i, to: PolynomialHash.slice(prefixes[i], prefixes[i + n], power: power))
                    }
                    initialized = count
                }
            }
        }
        return fingerprints.withUnsafeBufferPointer { fingerprints in
            let screen = RepeatScreen(fingerprints)
            guard screen.candidates > 0 else { return 0 }
            table.reset(capacity: screen.candidates)
            return offsets.withUnsafeBufferPointer { offsets in
                table.recording { recorder in
                    var repeated = 0
                    var i = 0
                    while i < count {
                        // An n-gram that occurs once is new, and no later one can repeat it.
                        let fingerprint = fingerprints[i]
                        if !screen.mayRepeat(fingerprint) || recorder.record(fingerprint, at: i, same: { sameJoinedText($0, i, n) }) {
                            i += 1
                        } else {
                            repeated += offsets[i + n] - offsets[i]
                            i += n
                        }
                    }
                    return repeated
                }
            }
        }
    }

    private static func sameIDs(_ ids: UnsafeBufferPointer<Int32>, _ a: Int, _ b: Int, _ n: Int) -> Bool {
        for k in 0..<n where ids[a + k] != ids[b + k] { return false }
        return true
    }

    /// Whether words `a ..< a + n` and `b ..< b + n` joined with nothing are the same text.
    private func sameJoinedText(_ a: Int, _ b: Int, _ n: Int) -> Bool {
        guard offsets[a + n] - offsets[a] == offsets[b + n] - offsets[b] else { return false }
        if ids.withUnsafeBufferPointer({ Self.sameIDs($0, a, b, n) }) { return true }
        return words.scalars.withUnsafeBufferPointer { s in
            words.ranges.withUnsafeBufferPointer { ranges in
                // Walk both runs code point by code point, crossing word boundaries independently.
                var (wa, pa) = (a, ranges[a].lowerBound)
                var (wb, pb) = (b, ranges[b].lowerBound)
                var left = offsets[a + n] - offsets[a]
                while left > 0 {
                    while pa == ranges[wa].upperBound { wa += 1; pa = ranges[wa].lowerBound }
                    while pb == ranges[wb].upperBound { wb += 1; pb = ranges[wb].lowerBound }
                    if s[pa] != s[pb] { return false }
                    pa += 1
                    pb += 1
                    left -= 1
                }
                return true
            }
        }
    }
}
