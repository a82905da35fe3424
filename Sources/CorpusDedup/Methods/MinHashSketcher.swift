import CXXHash
import CorpusNormalize

/// The MinHash sketch of a text: the minimum, over the text's word n-grams (shingles), of each
/// of `permutations` universal hash functions.
///
/// A shingle is `ngramSize` consecutive words of the key-normalized text (`KeyNormalizer`),
/// joined by one space; a text of fewer words (but at least one) is one shingle of all its
/// words. Each shingle is hashed with XXH3-64 (seeded by `seed`) over its UTF-8 bytes, then
/// permuted as `(a_i * h + b_i) mod (2^61 - 1)`, with `a_i` in `1..<p` and `b_i` in `0..<p`
/// drawn from a SplitMix64 stream of `seed`. For two texts, the probability that their
/// minima agree at one permutation is the Jaccard similarity of their shingle sets.
public struct MinHashSketcher: Sendable {
    /// The Mersenne prime 2^61 - 1 the permutations work modulo.
    public static let prime: UInt64 = (1 << 61) - 1

    /// How many permutations (minima per sketch).
    public let permutations: Int
    /// Words per shingle.
    public let ngramSize: Int
    /// The seed of the shingle hash and of the permutation coefficients.
    public let seed: UInt64
    private let multipliers: [UInt64]
    private let offsets: [UInt64]
    private let normalizer = KeyNormalizer()

    /// A sketcher with `permutations` permutations of `ngramSize`-word shingles; `MinHashDedup`,
    /// its only maker, has checked that both are at least 1.
    init(permutations: Int, ngramSize: Int, seed: UInt64) {
        self.permutations = permutations
        self.ngramSize = ngramSize
        self.seed = seed
        var state = seed
        func draw(from lower: UInt64) -> UInt64 {
            // 61 uniform bits, rejecting the values outside lower..<p (one or two of 2^61).
            while true {
                let value = mix64(state) >> 3
                state &+= 0x9E37_79B9_7F4A_7C15
                if value >= lower && value < Self.prime { return value }
            }
        }
        var multipliers: [UInt64] = []
        var offsets: [UInt64] = []
        for _ in 0..<permutations {
            multipliers.append(draw(from: 1))
            offsets.append(draw(from: 0))
        }
        self.multipliers = multipliers
        self.offsets = offsets
    }

    /// The `permutations` minima of `text`'s shingles, or an empty array when its key is empty.
    public func minima(of text: String) -> [UInt64] {
        normalizer.keyBytes(text).withUnsafeBytes { minima(ofKey: $0) }
    }

    /// The minima of an already key-normalized text, given as its UTF-8 bytes.
    public func minima(ofKey key: UnsafeRawBufferPointer) -> [UInt64] {
        let hashes = shingleHashes(ofKey: key)
        guard !hashes.isEmpty else { return [] }
        var minima = [UInt64](repeating: .max, count: permutations)
        // Shingle outside, permutations inside: the inner loop runs over three contiguous
        // arrays of `permutations` words, which measured faster than keeping one running
        // minimum in a register per permutation (2.3 against 3.2 ns per shingle-permutation).
        hashes.withUnsafeBufferPointer { hashes in
            multipliers.withUnsafeBufferPointer { multipliers in
                offsets.withUnsafeBufferPointer { offsets in
                    minima.withUnsafeMutableBufferPointer { minima in
                        for h in hashes {
                            for i in 0..<minima.count {
                                let value = Self.permute(h, a: multipliers[i], b: offsets[i])
                                if value < minima[i] { minima[i] = value }
                            }
                        }
                    }
                }
            }
        }
        return minima
    }

    /// The XXH3-64 hash of every shingle of `key`, reduced modulo p, in text order (repeats
    /// included: the minimum does not care).
    ///
    /// The key has words separated by single spaces, so a shingle is a contiguous slice of its
    /// bytes and is hashed in place, without building a string.
    func shingleHashes(ofKey key: UnsafeRawBufferPointer) -> [UInt64] {
        guard let base = key.baseAddress, key.count > 0 else { return [] }
        var starts: [Int] = []
        var ends: [Int] = []
        var index = 0
        let space = UInt8(ascii: " ")
        while index < key.count {
            while index < key.count && key[index] == space { index += 1 }
            guard index < key.count else { break }
            starts.append(index)
            while index < key.count && key[index] != space { index += 1 }
            ends.append(index)
        }
        guard !starts.isEmpty else { return [] }
        let width = min(ngramSize, starts.count)
        let count = starts.count - width + 1
        var hashes = [UInt64](repeating: 0, count: count)
        hashes.withUnsafeMutableBufferPointer { hashes in
            for first in 0..<count {
                let start = starts[first], end = ends[first + width - 1]
                let hash = XXH3_64bits_withSeed(base + start, end - start, seed)
                hashes[first] = Self.reduce(hash)
            }
        }
        return hashes
    }

    /// `(a * h + b) mod p` for `a`, `h`, `b` below p: the 122-bit product is split at bit 61,
    /// where 2^61 ≡ 1 (mod p), so high and low parts add.
    @inline(__always)
    static func permute(_ h: UInt64, a: UInt64, b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: h)
        let high = product.high << 3 | product.low >> 61
        let sum = high &+ (product.low & prime) &+ b  // each below 2^61: no overflow
        return reduce(sum)
    }

    /// `x mod p` for any 64-bit `x`.
    @inline(__always)
    static func reduce(_ x: UInt64) -> UInt64 {
        let folded = (x & prime) &+ (x >> 61)
        return folded >= prime ? folded &- prime : folded
    }
}
