/// A polynomial hash of code point sequences modulo the Mersenne prime 2^61 − 1:
/// `H(c₀ … cₘ₋₁) = Σ (cᵢ + 1) · B^(m−1−i)`. Hashes of concatenations follow from the parts'
/// (`H(uv) = H(u) · B^|v| + H(v)`), so the hash of any run of words joined with nothing comes
/// from prefix hashes taken at word boundaries in O(1), and each distinct word is hashed once.
enum PolynomialHash {
    static let modulus: UInt64 = (1 << 61) - 1
    static let base: UInt64 = 0x1F3D_5B79_A3C1_2E5

    /// Prefix hashes of `words` joined with nothing, at word boundaries: element `k` hashes the
    /// words before word `k` (so there are words + 1 of them).
    static func wordPrefixes(_ words: EnglishWordSplitter.Words, _ vocabulary: WordVocabulary) -> [UInt64] {
        var wordHashes = [UInt64](repeating: 0, count: vocabulary.count)
        var wordPowers = [UInt64](repeating: 0, count: vocabulary.count)
        words.scalars.withUnsafeBufferPointer { s in
            for (id, range) in vocabulary.firstRanges.enumerated() {
                var hash: UInt64 = 0
                for i in range { hash = reduce(multiply(hash, base) + UInt64(s[i].value) + 1) }
                wordHashes[id] = hash
                wordPowers[id] = powers.power(range.count)
            }
        }
        var prefixes = [UInt64](repeating: 0, count: vocabulary.ids.count + 1)
        for (k, id) in vocabulary.ids.enumerated() {
            prefixes[k + 1] = reduce(multiply(prefixes[k], wordPowers[Int(id)]) + wordHashes[Int(id)])
        }
        return prefixes
    }

    /// The hash of the code points between two prefix hashes, given `B` to the power of their count.
    @inline(__always)
    static func slice(_ before: UInt64, _ through: UInt64, power: UInt64) -> UInt64 {
        reduce(through + modulus - multiply(before, power))
    }

    /// `B^e`.
    static func power(_ e: Int) -> UInt64 { powers.power(e) }

    /// The powers of `B`, tabulated once.
    static let powers = Powers()

    /// `B^e` from two tables of 4,096 powers: exponents below 4,096 are one lookup, below 2^24
    /// one multiplication.
    struct Powers: Sendable {
        /// `B^e` for `e` in 0..<4096.
        private let low: [UInt64]
        /// `B^(4096·e)` for `e` in 0..<4096.
        private let high: [UInt64]

        init() {
            low = Self.powers(of: base)
            high = Self.powers(of: multiply(low[4095], base))
        }

        /// `B^e`.
        @inline(__always)
        func power(_ e: Int) -> UInt64 {
            if e < 4096 { return low[e] }
            var result = low[e & 4095]
            var rest = e >> 12
            while rest > 0 {
                let step = min(rest, 4095)
                result = multiply(result, high[step])
                rest -= step
            }
            return result
        }

        private static func powers(of x: UInt64) -> [UInt64] {
            var result = [UInt64](repeating: 1, count: 4096)
            for e in 1..<4096 { result[e] = multiply(result[e - 1], x) }
            return result
        }
    }

    /// `a · b mod 2^61 − 1` for `a, b < 2^61`.
    @inline(__always)
    static func multiply(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (high, low) = a.multipliedFullWidth(by: b)
        return reduce((low & modulus) + (low >> 61) + (high << 3))
    }

    /// `x mod 2^61 − 1` for `x < 2^63`.
    @inline(__always)
    static func reduce(_ x: UInt64) -> UInt64 {
        let folded = (x & modulus) + (x >> 61)
        return folded >= modulus ? folded - modulus : folded
    }
}
