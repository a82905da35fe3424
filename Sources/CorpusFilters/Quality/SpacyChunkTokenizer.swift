/// spaCy's tokenization of one whitespace-free chunk (`Tokenizer._tokenize`: `_split_affixes`
/// then `_attach_tokens`), on code point ranges.
struct SpacyChunkTokenizer: Sendable {
    /// The prefix, suffix and infix rules.
    let affixes = SpacyEnglishAffixes()
    /// The tokenizer exceptions.
    let specials = SpacySpecialCases()
    /// The URL pattern that keeps a URL whole.
    let url: SpacyURLPattern

    /// Builds the tables.
    init() {
        url = SpacyURLPattern(alphaLower: affixes.alphaLower)
    }

    /// Tokenizes one whitespace-free chunk `s[lo..<hi]` as spaCy's `_tokenize` does.
    func tokenize(
        _ s: UnsafeBufferPointer<Unicode.Scalar>, _ lo: Int, _ hi: Int, withSpecialCases: Bool,
        scratch: inout ChunkScratch, into tokens: inout [Range<Int>]
    ) {
        if withSpecialCases, let rule = specials.lookup(s, lo, hi) {
            specials.appendPieces(of: rule, at: lo, to: &tokens)
            return
        }
        // Most chunks are plain words. No prefix, suffix or infix matches ASCII letters alone
        // (every affix holds punctuation, a symbol or a digit, or follows a digit), and a URL
        // needs a `.`, so such a chunk that is no exception is one token, as the rules below find.
        if Self.isASCIILetters(s, lo, hi) {
            tokens.append(lo..<hi)
            return
        }
        scratch.prefixes.removeAll(keepingCapacity: true)
        scratch.suffixes.removeAll(keepingCapacity: true)
        var a = lo
        var b = hi
        var lastSize = -1
        while a < b, b - a != lastSize {
            if withSpecialCases, specials.lookup(s, a, b) != nil { break }
            lastSize = b - a
            let pre = affixes.prefixLength(s, a, b)
            if pre != 0, withSpecialCases, a + pre < b, specials.lookup(s, a + pre, b) != nil {
                scratch.prefixes.append(a..<(a + pre))
                a += pre
                break
            }
            let suf = affixes.suffixLength(s, a + pre, b)
            if suf != 0, withSpecialCases, b - suf > a, specials.lookup(s, a, b - suf) != nil {
                scratch.suffixes.append((b - suf)..<b)
                b -= suf
                break
            }
            if pre != 0, suf != 0, pre + suf <= b - a {
                scratch.prefixes.append(a..<(a + pre))
                scratch.suffixes.append((b - suf)..<b)
                a += pre
                b -= suf
            } else if pre != 0 {
                scratch.prefixes.append(a..<(a + pre))
                a += pre
            } else if suf != 0 {
                scratch.suffixes.append((b - suf)..<b)
                b -= suf
            }
        }
        tokens.append(contentsOf: scratch.prefixes)
        if a < b {
            if withSpecialCases, let rule = specials.lookup(s, a, b) {
                specials.appendPieces(of: rule, at: a, to: &tokens)
            } else if url.matches(s, a, b) {
                tokens.append(a..<b)
            } else {
                affixes.infixes(s, a, b, into: &scratch.infixes)
                var start = a
                for infix in scratch.infixes where infix.lowerBound != a {
                    if infix.lowerBound != start { tokens.append(start..<infix.lowerBound) }
                    if !infix.isEmpty { tokens.append(infix) }
                    start = infix.upperBound
                }
                if start < b { tokens.append(start..<b) }
            }
        }
        tokens.append(contentsOf: scratch.suffixes.reversed())
    }

    @inline(__always)
    private static func isASCIILetters(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ lo: Int, _ hi: Int) -> Bool {
        for i in lo..<hi where (s[i].value | 0x20) &- 0x61 >= 26 { return false }
        return true
    }
}
