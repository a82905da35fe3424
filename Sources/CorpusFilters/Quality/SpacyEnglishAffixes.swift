/// One alternative of spaCy's prefix regular expression.
enum SpacyAffix: Sendable {
    /// This exact string.
    case literal(String)
    /// `\+(?![0-9])`: a plus sign not followed by an ASCII digit.
    case plusNotBeforeDigit
    /// `\.\.+`: two or more full stops, as many as there are.
    case dotRun
    /// `LIST_ICONS`: one symbol character.
    case icon
}

/// spaCy 3.8's English prefix, suffix and infix rules (`spacy.lang.punctuation`,
/// `spacy.lang.en.punctuation`), evaluated on code points with Python `re` semantics:
/// a prefix is the first alternative that matches at the start (alternatives in order), a suffix
/// is the match of `re.search` with every alternative anchored at the end (so the leftmost, which
/// is the longest), and infixes are the non-overlapping matches of `re.finditer`.
struct SpacyEnglishAffixes: Sendable {
    /// `ALPHA`, `ALPHA_LOWER`, `ALPHA_UPPER`, `LIST_ICONS`, `CONCAT_QUOTES` as sets.
    let alpha, alphaLower, alphaUpper, icons, quotes: CodePointSet
    private let suffixDotContext: CodePointSet
    private let hyphens: [[Unicode.Scalar]] = ["-", "–", "—", "--", "---", "——", "~"].map { Array($0.unicodeScalars) }
    private let infixStarts = ASCIIMask("./,:<>=+-*^~")
    private let lowerOrQuote: CodePointSet
    private let upperOrQuote: CodePointSet
    /// Prefix alternatives in order, grouped by the code point they start with.
    private let prefixesByFirst: [UInt32: [[Unicode.Scalar]]]
    /// The code points some prefix alternative, or some literal suffix, starts or ends with.
    private let prefixFirsts: CodePointSet
    private let suffixLasts: CodePointSet
    /// Literal suffixes grouped by their last code point; `afterDigit` ones need an ASCII digit before.
    private let suffixesByLast: [UInt32: [(scalars: [Unicode.Scalar], afterDigit: Bool)]]

    /// Builds the sets and lookup tables from the generated `SpacyEnglishTables`.
    init() {
        alpha = CodePointSet(flatRanges: SpacyEnglishTables.alpha)
        alphaLower = CodePointSet(flatRanges: SpacyEnglishTables.alphaLower)
        alphaUpper = CodePointSet(flatRanges: SpacyEnglishTables.alphaUpper)
        icons = CodePointSet(flatRanges: SpacyEnglishTables.icons)
        quotes = CodePointSet(flatRanges: SpacyEnglishTables.quotes)
        suffixDotContext = CodePointSet(flatRanges: SpacyEnglishTables.suffixDotContext)
        lowerOrQuote = alphaLower.union(quotes)
        upperOrQuote = alphaUpper.union(quotes)
        var prefixes: [UInt32: [[Unicode.Scalar]]] = [:]
        for case .literal(let text) in SpacyEnglishTables.prefixes {
            let scalars = Array(text.unicodeScalars)
            prefixes[scalars[0].value, default: []].append(scalars)
        }
        prefixesByFirst = prefixes
        prefixFirsts = CodePointSet(prefixes.keys.compactMap(Unicode.Scalar.init))
        var suffixes: [UInt32: [(scalars: [Unicode.Scalar], afterDigit: Bool)]] = [:]
        let literal = SpacyEnglishTables.literalSuffixes.map { ($0, false) }
        let afterDigit = (SpacyEnglishTables.currencies + SpacyEnglishTables.units).map { ($0, true) }
        for (text, needsDigit) in literal + afterDigit {
            let scalars = Array(text.unicodeScalars)
            suffixes[scalars[scalars.count - 1].value, default: []].append((scalars, needsDigit))
        }
        suffixesByLast = suffixes
        suffixLasts = CodePointSet(suffixes.keys.compactMap(Unicode.Scalar.init))
    }

    /// The length of the prefix spaCy splits off `s[lo..<hi]`, 0 for none.
    func prefixLength(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ lo: Int, _ hi: Int) -> Int {
        guard lo < hi else { return 0 }
        let first = s[lo]
        if first == "+" { return lo + 1 < hi && isASCIIDigit(s[lo + 1]) ? 0 : 1 }
        if first == "." {
            var end = lo
            while end < hi, s[end] == "." { end += 1 }
            return end - lo >= 2 ? end - lo : 0
        }
        if prefixFirsts.contains(first), let candidates = prefixesByFirst[first.value] {
            for candidate in candidates where matches(candidate, s, at: lo, before: hi) { return candidate.count }
        }
        return icons.contains(first) ? 1 : 0
    }

    /// The length of the suffix spaCy splits off `s[lo..<hi]`, 0 for none; look-behinds see
    /// only `s[lo...]`.
    func suffixLength(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ lo: Int, _ hi: Int) -> Int {
        guard lo < hi else { return 0 }
        let last = s[hi - 1]
        var best = 0
        if last == "." {
            var start = hi
            while start > lo, s[start - 1] == "." { start -= 1 }
            if hi - start >= 2 { best = hi - start }
            if hi - lo >= 2 {
                let before = s[hi - 2]
                if suffixDotContext.contains(before) { best = max(best, 1) }
                if hi - lo >= 3 {
                    let twoBefore = s[hi - 3]
                    if twoBefore == "°", "FfCcKk".unicodeScalars.contains(before) { best = max(best, 1) }
                    if alphaUpper.contains(twoBefore), alphaUpper.contains(before) { best = max(best, 1) }
                }
            }
        } else if last == "+", hi - lo >= 2, isASCIIDigit(s[hi - 2]) {
            best = 1
        }
        if icons.contains(last) { best = max(best, 1) }
        if suffixLasts.contains(last), let candidates = suffixesByLast[last.value] {
            for (scalars, afterDigit) in candidates where scalars.count > best && scalars.count <= hi - lo {
                let start = hi - scalars.count
                if afterDigit, !(start > lo && isASCIIDigit(s[start - 1])) { continue }
                if matches(scalars, s, at: start, before: hi) { best = scalars.count }
            }
        }
        return best
    }

    /// The infix matches in `s[lo..<hi]` as half-open ranges, in order; look-arounds see only
    /// `s[lo..<hi]`.
    func infixes(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ lo: Int, _ hi: Int, into found: inout [Range<Int>]) {
        found.removeAll(keepingCapacity: true)
        var p = lo
        while p < hi {
            if let end = infixEnd(s, lo, hi, at: p) {
                found.append(p..<end)
                p = end
            } else {
                p += 1
            }
        }
    }

    /// Where the first infix alternative that matches at `p` ends, trying them in spaCy's order.
    private func infixEnd(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ lo: Int, _ hi: Int, at p: Int) -> Int? {
        let c = s[p]
        let before: Unicode.Scalar? = p > lo ? s[p - 1] : nil
        let after: Unicode.Scalar? = p + 1 < hi ? s[p + 1] : nil
        if c.value < 0x80, !infixStarts.contains(c) { return nil }
        if c == ".", after == "." {
            var end = p
            while end < hi, s[end] == "." { end += 1 }
            return end
        }
        if c == "…" || icons.contains(c) { return p + 1 }
        guard let before else { return nil }
        if isASCIIDigit(before), "+-*^".unicodeScalars.contains(c), let after, isASCIIDigit(after) || after == "-" {
            return p + 1
        }
        if c == ".", lowerOrQuote.contains(before), let after, upperOrQuote.contains(after) { return p + 1 }
        if c == ",", alpha.contains(before), let after, alpha.contains(after) { return p + 1 }
        guard alpha.contains(before) || isASCIIDigit(before) else { return nil }
        // HYPHENS, in order: - – — -- --- —— ~ (each needs a letter after it).
        for scalars in hyphens {
            let end = p + scalars.count
            if end < hi, matches(scalars, s, at: p, before: hi), alpha.contains(s[end]) { return end }
        }
        if ":<>=/".unicodeScalars.contains(c), let after, alpha.contains(after) { return p + 1 }
        return nil
    }

    @inline(__always)
    private func matches(_ literal: [Unicode.Scalar], _ s: UnsafeBufferPointer<Unicode.Scalar>, at start: Int, before end: Int) -> Bool {
        guard start + literal.count <= end else { return false }
        for (offset, scalar) in literal.enumerated() where s[start + offset] != scalar { return false }
        return true
    }
}

/// Whether `scalar` is `[0-9]` (ASCII digits only, as in spaCy's patterns).
@inline(__always)
func isASCIIDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.value &- 0x30 < 10 }

/// A set of ASCII characters as a 128-bit mask.
struct ASCIIMask: Sendable {
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    /// The set of the ASCII characters of `characters`.
    init(_ characters: String) {
        for scalar in characters.unicodeScalars where scalar.value < 0x80 {
            if scalar.value < 64 { low |= 1 << UInt64(scalar.value) } else { high |= 1 << UInt64(scalar.value - 64) }
        }
    }

    /// Whether `scalar` is one of the characters.
    @inline(__always)
    func contains(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 64 { return low & (1 << UInt64(v)) != 0 }
        if v < 128 { return high & (1 << UInt64(v - 64)) != 0 }
        return false
    }
}
