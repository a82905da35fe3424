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
            var tally: [ScalarSlice: (occurrences: Int, first: Int)] = [:]
            tally.reserveCapacity(count)
            for i in 0..<count {
                let range = joined.nGram(at: i, length: n)
                tally[ScalarSlice(s, range, hash: joined.hash(range)), default: (0, i)].occurrences += 1
            }
            var best = (occurrences: 0, first: Int.max)
            for entry in tally.values where entry.occurrences > best.occurrences
                || (entry.occurrences == best.occurrences && entry.first < best.first) {
                best = entry
            }
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
            var seen = Set<ScalarSlice>(minimumCapacity: count)
            var repeated = 0
            var i = 0
            while i < count {
                let range = joined.nGram(at: i, length: n)
                if seen.insert(ScalarSlice(s, range, hash: joined.hash(range))).inserted {
                    i += 1
                } else {
                    repeated += range.count
                    i += n
                }
            }
            return repeated
        }
    }
}
