/// spaCy's special-case matcher (`Tokenizer._apply_special_cases`): after affix splitting, finds
/// token sequences that spell an exception whose string itself has a prefix, suffix or infix
/// (`:)`, `'s`, `1a.m.`...), as affix splitting of the exception alone would tokenize it, and
/// replaces them by the exception's tokens.
///
/// As in spaCy, all matches are collected (also across one space, where they change nothing
/// but still claim their tokens), taken longest first and leftmost first among equals, a match
/// dropped when its first or last token is already claimed; a kept match is replaced only when
/// its text is an exception, which needs its tokens to come from one chunk.
struct SpacySpecialMatcher: Sendable {
    private let chunks: SpacyChunkTokenizer
    /// Each pattern's tokens as code points.
    private let patterns: [[[Unicode.Scalar]]]
    private let patternsByFirstToken: [UInt64: [Int]]
    private let firstScalars: CodePointSet
    /// One bit per (first code point, last code point, length) signature of some pattern's first
    /// token: a clear bit rules a token out before it is hashed.
    private let firstTokenSignatures: [UInt64]

    /// Builds the patterns: every exception with an affix or infix, tokenized without exceptions.
    init(chunks: SpacyChunkTokenizer) {
        self.chunks = chunks
        var patterns: [[[Unicode.Scalar]]] = []
        var byFirst: [UInt64: [Int]] = [:]
        var scratch = ChunkScratch()
        var infixes: [Range<Int>] = []
        for key in chunks.specials.keys {
            key.withUnsafeBufferPointer { s in
                chunks.affixes.infixes(s, 0, s.count, into: &infixes)
                guard chunks.affixes.prefixLength(s, 0, s.count) != 0 || !infixes.isEmpty
                        || chunks.affixes.suffixLength(s, 0, s.count) != 0 else { return }
                var ranges: [Range<Int>] = []
                chunks.tokenize(s, 0, s.count, withSpecialCases: false, scratch: &scratch, into: &ranges)
                byFirst[scalarHash(s, ranges[0].lowerBound, ranges[0].upperBound), default: []].append(patterns.count)
                patterns.append(ranges.map { Array(s[$0]) })
            }
        }
        self.patterns = patterns
        self.patternsByFirstToken = byFirst
        self.firstScalars = CodePointSet(patterns.map { $0[0][0] })
        var signatures = [UInt64](repeating: 0, count: Self.signatureBits / 64)
        for pattern in patterns {
            let bit = Self.signature(first: pattern[0][0], last: pattern[0][pattern[0].count - 1], length: pattern[0].count)
            signatures[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        self.firstTokenSignatures = signatures
    }

    private static let signatureBits = 1 << 14

    @inline(__always)
    private static func signature(first: Unicode.Scalar, last: Unicode.Scalar, length: Int) -> Int {
        Int(truncatingIfNeeded: (first.value &* 0x9E37 &+ last.value &* 0x85EB &+ UInt32(truncatingIfNeeded: length) &* 0xC2B3) & UInt32(signatureBits - 1))
    }

    /// `tokens` with matched exceptions retokenized; `links[i]` says how token `i` joins token `i - 1`.
    func apply(to tokens: [Range<Int>], links: [TokenLink], in s: UnsafeBufferPointer<Unicode.Scalar>) -> [Range<Int>] {
        var matches: [Range<Int>] = []
        for (i, token) in tokens.enumerated() where firstScalars.contains(s[token.lowerBound]) {
            let bit = Self.signature(first: s[token.lowerBound], last: s[token.upperBound - 1], length: token.count)
            guard firstTokenSignatures[bit >> 6] & (1 << UInt64(bit & 63)) != 0,
                  let candidates = patternsByFirstToken[scalarHash(s, token.lowerBound, token.upperBound)] else { continue }
            for candidate in candidates where matchesPattern(candidate, at: i, tokens, links, s) {
                matches.append(i..<(i + patterns[candidate].count))
            }
        }
        guard !matches.isEmpty else { return tokens }
        matches.sort { $0.count != $1.count ? $0.count > $1.count : $0.lowerBound < $1.lowerBound }
        var claimed = Set<Int>()
        var kept: [Range<Int>] = []
        for match in matches {
            if !claimed.contains(match.lowerBound), !claimed.contains(match.upperBound - 1) { kept.append(match) }
            claimed.formUnion(match)
        }
        kept.sort { $0.lowerBound < $1.lowerBound }
        var result: [Range<Int>] = []
        result.reserveCapacity(tokens.count)
        var next = 0
        for match in kept {
            result.append(contentsOf: tokens[next..<match.lowerBound])
            next = match.upperBound
            let oneChunk = links[(match.lowerBound + 1)..<match.upperBound].allSatisfy { $0 == .sameChunk }
            let text = tokens[match.lowerBound].lowerBound..<tokens[match.upperBound - 1].upperBound
            if oneChunk, let rule = chunks.specials.lookup(s, text.lowerBound, text.upperBound) {
                chunks.specials.appendPieces(of: rule, at: text.lowerBound, to: &result)
            } else {
                result.append(contentsOf: tokens[match])
            }
        }
        result.append(contentsOf: tokens[next...])
        return result
    }

    private func matchesPattern(
        _ candidate: Int, at start: Int, _ tokens: [Range<Int>], _ links: [TokenLink], _ s: UnsafeBufferPointer<Unicode.Scalar>
    ) -> Bool {
        let pattern = patterns[candidate]
        guard start + pattern.count <= tokens.count else { return false }
        for (offset, expected) in pattern.enumerated() {
            let index = start + offset
            if offset > 0, links[index] == .afterOtherWhitespace { return false }
            let token = tokens[index]
            guard token.count == expected.count else { return false }
            for (k, scalar) in expected.enumerated() where s[token.lowerBound + k] != scalar { return false }
        }
        return true
    }
}
