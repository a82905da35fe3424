/// The words of a document laid end to end, with or without one space between neighbours, plus
/// prefix hashes of that stream. The text of `n` consecutive words as datatrove joins them
/// (`" ".join` for top n-grams, `"".join` for duplicated n-grams) is then one slice of the
/// stream, whose hash costs O(1); comparing two n-grams compares their joined text, exactly as
/// datatrove compares strings.
struct JoinedWords {
    /// The joined words.
    let stream: [Unicode.Scalar]
    /// Where each word starts and ends in `stream`.
    private let starts: [Int]
    private let ends: [Int]
    /// Polynomial prefix hashes modulo 2^61 − 1: `prefix[i]` covers `stream[..<i]`.
    private let prefix: [UInt64]
    private let powers: [UInt64]

    /// The number of words.
    var wordCount: Int { starts.count }

    /// Joins `words` with `separator` between neighbours, or with nothing when it is `nil`.
    init(_ words: EnglishWordSplitter.Words, separator: Unicode.Scalar?) {
        var stream: [Unicode.Scalar] = []
        var starts: [Int] = []
        var ends: [Int] = []
        starts.reserveCapacity(words.ranges.count)
        ends.reserveCapacity(words.ranges.count)
        for range in words.ranges {
            if let separator, !stream.isEmpty { stream.append(separator) }
            starts.append(stream.count)
            stream.append(contentsOf: words.scalars[range])
            ends.append(stream.count)
        }
        var prefix = [UInt64](repeating: 0, count: stream.count + 1)
        var powers = [UInt64](repeating: 1, count: stream.count + 1)
        for (i, scalar) in stream.enumerated() {
            prefix[i + 1] = Self.reduce(Self.multiply(prefix[i], Self.base) + UInt64(scalar.value) + 1)
            powers[i + 1] = Self.multiply(powers[i], Self.base)
        }
        self.stream = stream
        self.starts = starts
        self.ends = ends
        self.prefix = prefix
        self.powers = powers
    }

    /// The joined text of words `first ..< first + n` as a range of `stream`.
    func nGram(at first: Int, length n: Int) -> Range<Int> { starts[first]..<ends[first + n - 1] }

    /// The hash of `stream[range]`.
    func hash(_ range: Range<Int>) -> UInt64 {
        let whole = prefix[range.upperBound]
        let before = Self.multiply(prefix[range.lowerBound], powers[range.count])
        return Self.reduce(whole + Self.modulus - before)
    }

    private static let modulus: UInt64 = (1 << 61) - 1
    private static let base: UInt64 = 0x1F3D_5B79_A3C1_2E5

    /// `a * b mod 2^61 − 1` for `a, b < 2^61`.
    @inline(__always)
    private static func multiply(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (high, low) = a.multipliedFullWidth(by: b)
        return reduce((low & modulus) + (low >> 61) + (high << 3))
    }

    /// `x mod 2^61 − 1` for `x < 2^63`.
    @inline(__always)
    private static func reduce(_ x: UInt64) -> UInt64 {
        let folded = (x & modulus) + (x >> 61)
        return folded >= modulus ? folded - modulus : folded
    }
}

/// datatrove's n-gram repetition measures over joined words.
enum NGramRepetition {
    /// `find_top_duplicate(get_n_grams(words, n))`: among the `" ".join`ed n-grams, the one
    /// occurring most often (ties: the one seen first), as its length in code points (spaces
    /// included) times its number of occurrences. `nil` when there are fewer than `n` words.
    static func topNGramCharacters(_ joined: JoinedWords, n: Int) -> Int? {
        let count = joined.wordCount - n + 1
        guard count > 0 else { return nil }
        return joined.stream.withUnsafeBufferPointer { s in
            var table = NGramTable(capacity: count)
            for i in 0..<count { table.record(i, n: n, joined, s) }
            let best = table.mostFrequent()
            return joined.nGram(at: best.first, length: n).count * best.occurrences
        }
    }

    /// `find_all_duplicate(words, n)`: walking the `"".join`ed n-grams from the first word, an
    /// n-gram already seen adds its length in code points and jumps `n` words ahead (the n-grams
    /// it skips are neither counted nor remembered); an unseen one is remembered and the walk
    /// moves one word ahead.
    static func duplicatedNGramCharacters(_ joined: JoinedWords, n: Int) -> Int {
        let count = joined.wordCount - n + 1
        guard count > 0 else { return 0 }
        return joined.stream.withUnsafeBufferPointer { s in
            var table = NGramTable(capacity: count)
            var repeated = 0
            var i = 0
            while i < count {
                if table.record(i, n: n, joined, s) {
                    i += 1
                } else {
                    repeated += joined.nGram(at: i, length: n).count
                    i += n
                }
            }
            return repeated
        }
    }
}

/// An open-addressing table of distinct n-grams (by joined text), each with the word index of
/// its first occurrence and its number of occurrences; cheaper than a `Dictionary` keyed by
/// slices because the rolling hash is used as is.
private struct NGramTable {
    private var hashes: [UInt64]
    private var firsts: [Int]
    private var occurrences: [Int]
    private let mask: Int

    /// A table for up to `capacity` distinct n-grams.
    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        hashes = [UInt64](repeating: 0, count: size)
        firsts = [Int](repeating: -1, count: size)
        occurrences = [Int](repeating: 0, count: size)
        mask = size - 1
    }

    /// Counts the n-gram at word `i`; true when it was not in the table before.
    @discardableResult
    mutating func record(_ i: Int, n: Int, _ joined: JoinedWords, _ s: UnsafeBufferPointer<Unicode.Scalar>) -> Bool {
        let range = joined.nGram(at: i, length: n)
        let hash = joined.hash(range)
        var slot = Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
        while firsts[slot] >= 0 {
            if hashes[slot] == hash, Self.equal(joined.nGram(at: firsts[slot], length: n), range, s) {
                occurrences[slot] += 1
                return false
            }
            slot = (slot + 1) & mask
        }
        hashes[slot] = hash
        firsts[slot] = i
        occurrences[slot] = 1
        return true
    }

    /// The most frequent n-gram, the first seen among equals.
    func mostFrequent() -> (first: Int, occurrences: Int) {
        var best = (first: Int.max, occurrences: 0)
        for slot in firsts.indices where firsts[slot] >= 0 {
            let count = occurrences[slot]
            let first = firsts[slot]
            if count > best.occurrences || (count == best.occurrences && first < best.first) { best = (first, count) }
        }
        return best
    }

    private static func equal(_ a: Range<Int>, _ b: Range<Int>, _ s: UnsafeBufferPointer<Unicode.Scalar>) -> Bool {
        guard a.count == b.count else { return false }
        var j = b.lowerBound
        for i in a {
            if s[i] != s[j] { return false }
            j += 1
        }
        return true
    }
}
