/// spaCy's English tokenizer exceptions ("special cases"): strings such as `don't`, `e.g.` or `:)`
/// that become fixed tokens (`do` + `n't`, `e.g.`, `:)`), looked up by code point slices without
/// building strings.
struct SpacySpecialCases: Sendable {
    /// Each exception's string, as code points.
    let keys: [[Unicode.Scalar]]
    /// Each exception's tokens, as lengths in code points that add up to the key's length.
    let pieceLengths: [[Int]]
    /// The longest key, in code points; longer slices are never looked up.
    let maxKeyLength: Int
    private let indexByHash: [UInt64: Int]
    /// One bit per (first code point, last code point, length) signature of some key: a clear
    /// bit rules a slice out before it is hashed.
    private let signatures: [UInt64]

    /// Parses the generated `SpacyEnglishExceptions.table`.
    init() {
        var keys: [[Unicode.Scalar]] = []
        var pieceLengths: [[Int]] = []
        var index: [UInt64: Int] = [:]
        var signatures = [UInt64](repeating: 0, count: Self.signatureBits / 64)
        for line in SpacyEnglishExceptions.table.split(separator: "\n", omittingEmptySubsequences: true) {
            let fields = line.split(separator: SpacyEnglishExceptions.exceptionSeparator, omittingEmptySubsequences: false)
            let key = Array(fields[0].unicodeScalars)
            let hash = key.withUnsafeBufferPointer { scalarHash($0, 0, key.count) }
            precondition(index[hash] == nil, "exception keys have distinct hashes")
            index[hash] = keys.count
            keys.append(key)
            let bit = Self.signature(first: key[0], last: key[key.count - 1], length: key.count)
            signatures[bit >> 6] |= 1 << UInt64(bit & 63)
            pieceLengths.append(fields.dropFirst().map { $0.unicodeScalars.count })
        }
        self.keys = keys
        self.pieceLengths = pieceLengths
        self.maxKeyLength = keys.map(\.count).max() ?? 0
        self.indexByHash = index
        self.signatures = signatures
    }

    private static let signatureBits = 1 << 16

    @inline(__always)
    private static func signature(first: Unicode.Scalar, last: Unicode.Scalar, length: Int) -> Int {
        Int(truncatingIfNeeded: (first.value &* 0x9E37 &+ last.value &* 0x85EB &+ UInt32(truncatingIfNeeded: length) &* 0xC2B3) & UInt32(signatureBits - 1))
    }

    /// The exception whose key is exactly `s[lo..<hi]`, if any.
    @inline(__always)
    func lookup(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ lo: Int, _ hi: Int) -> Int? {
        guard hi > lo, hi - lo <= maxKeyLength else { return nil }
        let bit = Self.signature(first: s[lo], last: s[hi - 1], length: hi - lo)
        guard signatures[bit >> 6] & (1 << UInt64(bit & 63)) != 0,
              let found = indexByHash[scalarHash(s, lo, hi)],
              keys[found].count == hi - lo
        else { return nil }
        for (offset, scalar) in keys[found].enumerated() where s[lo + offset] != scalar { return nil }
        return found
    }

    /// Appends the tokens of exception `rule` applied to the key at `s[lo...]`.
    func appendPieces(of rule: Int, at lo: Int, to tokens: inout [Range<Int>]) {
        var start = lo
        for length in pieceLengths[rule] {
            tokens.append(start..<(start + length))
            start += length
        }
    }
}

/// FNV-1a over the code points of `s[lo..<hi]`.
@inline(__always)
func scalarHash(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ lo: Int, _ hi: Int) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for i in lo..<hi {
        hash = (hash ^ UInt64(s[i].value)) &* 0x100_0000_01B3
    }
    return hash
}
