/// spaCy's `URL_MATCH` (`spacy.lang.tokenizer_exceptions.URL_PATTERN`, after Diego Perini's URL
/// regex): whether a whole string is a URL, so that the tokenizer keeps it as one token instead of
/// splitting it at infixes. Written as a recognizer of the same language: the pattern is anchored
/// at both ends, so only whether some path matches counts, not which.
///
/// The pattern, on code points: optional scheme `[\w+\-.]{2,}://`; optional `\S+(:\S*)?@`;
/// then a dotted IPv4 address outside the private ranges, or host labels
/// (`[A-Za-z0-9\u00a1-\uffff]`, inner `_` and `-`, at most 64) each followed by `.`, then a
/// top-level domain of 2 to 63 `ALPHA_LOWER` letters; optional `:` port of 2 to 5 digits;
/// optional `[/?#]` and anything to the end.
struct SpacyURLPattern: Sendable {
    /// `ALPHA_LOWER`, the letters of a top-level domain.
    let alphaLower: CodePointSet
    private let pathStarts = ASCIIMask("/?#")

    /// Whether `s[lo..<hi]` (which holds no whitespace) matches the pattern.
    func matches(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ lo: Int, _ hi: Int) -> Bool {
        guard (lo..<hi).contains(where: { s[$0] == "." }) else { return false }
        var hostStarts = [lo]
        var schemeEnd = lo
        while schemeEnd < hi, isSchemeCharacter(s[schemeEnd]) { schemeEnd += 1 }
        if schemeEnd - lo >= 2, schemeEnd + 3 <= hi, s[schemeEnd] == ":", s[schemeEnd + 1] == "/", s[schemeEnd + 2] == "/" {
            hostStarts.append(schemeEnd + 3)
        }
        for start in hostStarts {
            if hostAndTail(s, start, hi) { return true }
            for at in (start + 1)..<max(start + 1, hi) where s[at] == "@" {
                if hostAndTail(s, at + 1, hi) { return true }
            }
        }
        return false
    }

    private func isSchemeCharacter(_ c: Unicode.Scalar) -> Bool {
        c == "+" || c == "-" || c == "." || PythonText.isWordCharacter(c)
    }

    /// Whether an IPv4 address or a host name starts at `p` and a valid port/path tail follows it.
    private func hostAndTail(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ p: Int, _ hi: Int) -> Bool {
        let digits = DigitReader(s: s, hi: hi)
        if !isPrivateAddress(digits, p), ipv4Ends(digits, p).contains(where: { tailIsValid(s, $0, hi) }) { return true }
        var labelStart = p
        while let dot = (labelStart..<hi).first(where: { s[$0] == "." }) {
            guard isHostLabel(s, labelStart, dot) else { return false }
            var end = dot + 1
            while end < hi, alphaLower.contains(s[end]) { end += 1 }
            if (2...63).contains(end - dot - 1), tailIsValid(s, end, hi) { return true }
            labelStart = dot + 1
        }
        return false
    }

    /// `(?::\d{2,5})?(?:[/?#]\S*)?$` at `q`.
    private func tailIsValid(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ q: Int, _ hi: Int) -> Bool {
        if q == hi || pathStarts.contains(s[q]) { return true }
        guard s[q] == ":" else { return false }
        var end = q + 1
        while end < hi, PythonText.isDecimalDigit(s[end]) { end += 1 }
        return (2...5).contains(end - q - 1) && (end == hi || pathStarts.contains(s[end]))
    }

    private func isHostCharacter(_ c: Unicode.Scalar) -> Bool {
        (c.value >= 0xA1 && c.value <= 0xFFFF) || isASCIILetterOrDigit(c)
    }

    private func isASCIILetterOrDigit(_ c: Unicode.Scalar) -> Bool {
        let v = c.value | 0x20
        return (v >= 0x61 && v <= 0x7A) || isASCIIDigit(c)
    }

    /// `(?:[H][H_-]{0,62})?[H]` over `s[lo..<hi]`, H being `[A-Za-z0-9\u00a1-\uffff]`.
    private func isHostLabel(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ lo: Int, _ hi: Int) -> Bool {
        guard (1...64).contains(hi - lo), isHostCharacter(s[lo]), isHostCharacter(s[hi - 1]) else { return false }
        return (lo..<hi).allSatisfy { isHostCharacter(s[$0]) || s[$0] == "_" || s[$0] == "-" }
    }

    /// The three negative look-aheads: 10.x.x.x, 127.x.x.x, 169.254.x.x, 192.168.x.x, 172.16–31.x.x.
    private func isPrivateAddress(_ d: DigitReader, _ p: Int) -> Bool {
        for first in ["10", "127"] where d.literal(first, at: p) {
            if d.dottedGroups(3, from: p + first.unicodeScalars.count) { return true }
        }
        for first in ["169.254", "192.168"] where d.literal(first, at: p) {
            if d.dottedGroups(2, from: p + 7) { return true }
        }
        if d.literal("172.", at: p) {
            let q = p + 4
            let second = (d.literal("1", at: q) && d.ascii(q + 1, in: "6789"))
                || (d.literal("2", at: q) && d.digit(q + 1))
                || (d.literal("3", at: q) && d.ascii(q + 1, in: "01"))
            if second, d.dottedGroups(2, from: q + 2) { return true }
        }
        return false
    }

    /// Where `[1-9]\d?|1\d\d|2[01]\d|22[0-3]` then `(\.(1?\d{1,2}|2[0-4]\d|25[0-5])){2}` then
    /// `\.([1-9]\d?|1\d\d|2[0-4]\d|25[0-4])` can end when started at `p`.
    private func ipv4Ends(_ d: DigitReader, _ p: Int) -> [Int] {
        var ends = leadingOctetEnds(d, p, twoHundreds: "01", lastTwenties: "0123")
        for _ in 0..<2 {
            ends = ends.flatMap { d.literal(".", at: $0) ? middleOctetEnds(d, $0 + 1) : [] }
        }
        return ends.flatMap { d.literal(".", at: $0) ? leadingOctetEnds(d, $0 + 1, twoHundreds: "01234", lastTwenties: "01234") : [] }
    }

    /// `[1-9]\d?|1\d\d|2[T]\d|2L[...]`: the first and last octet forms.
    private func leadingOctetEnds(_ d: DigitReader, _ p: Int, twoHundreds: String, lastTwenties: String) -> [Int] {
        var ends: [Int] = []
        if d.ascii(p, in: "123456789") {
            ends.append(p + 1)
            if d.digit(p + 1) { ends.append(p + 2) }
        }
        if d.literal("1", at: p), d.digit(p + 1), d.digit(p + 2) { ends.append(p + 3) }
        if d.literal("2", at: p), d.ascii(p + 1, in: twoHundreds), d.digit(p + 2) { ends.append(p + 3) }
        // 22[0-3] for the first octet, 25[0-4] for the last.
        let lastPrefix = twoHundreds == "01" ? "22" : "25"
        if d.literal(lastPrefix, at: p), d.ascii(p + 2, in: lastTwenties) { ends.append(p + 3) }
        return ends
    }

    /// `1?\d{1,2}|2[0-4]\d|25[0-5]`.
    private func middleOctetEnds(_ d: DigitReader, _ p: Int) -> [Int] {
        var ends: [Int] = []
        for q in d.literal("1", at: p) ? [p + 1, p] : [p] where d.digit(q) {
            ends.append(q + 1)
            if d.digit(q + 1) { ends.append(q + 2) }
        }
        if d.literal("2", at: p), d.ascii(p + 1, in: "01234"), d.digit(p + 2) { ends.append(p + 3) }
        if d.literal("25", at: p), d.ascii(p + 2, in: "012345") { ends.append(p + 3) }
        return ends
    }
}

/// Bounds-checked character tests for the IPv4 part of the URL pattern.
private struct DigitReader {
    let s: UnsafeBufferPointer<Unicode.Scalar>
    let hi: Int

    /// `\d` (any decimal digit) at `i`.
    func digit(_ i: Int) -> Bool { i < hi && PythonText.isDecimalDigit(s[i]) }

    /// One of the ASCII `characters` at `i`.
    func ascii(_ i: Int, in characters: String) -> Bool { i < hi && characters.unicodeScalars.contains(s[i]) }

    /// `text` starting at `i`.
    func literal(_ text: String, at i: Int) -> Bool {
        var j = i
        for scalar in text.unicodeScalars {
            guard j < hi, s[j] == scalar else { return false }
            j += 1
        }
        return true
    }

    /// Whether `(?:\.\d{1,3}){count}` can match at `p` (a look-ahead: nothing need follow).
    func dottedGroups(_ count: Int, from p: Int) -> Bool {
        var positions = [p]
        for _ in 0..<count {
            positions = positions.flatMap { q -> [Int] in
                guard literal(".", at: q) else { return [] }
                return (1...3).filter { k in (1...k).allSatisfy { digit(q + $0) } }.map { q + 1 + $0 }
            }
            if positions.isEmpty { return false }
        }
        return true
    }
}
