/// The Python string operations the Gopher and FineWeb references use, on a text held as code
/// points, giving ranges into it. Lengths are in code points, as Python's `len`.
enum ScalarText {
    /// `text.splitlines()`: lines without their breaks (LF, VT, FF, CR, CR LF, U+001C–U+001E,
    /// U+0085, U+2028, U+2029); no trailing empty line.
    static func splitLines(_ s: UnsafeBufferPointer<Unicode.Scalar>) -> [Range<Int>] {
        var lines: [Range<Int>] = []
        var start = 0
        var i = 0
        while i < s.count {
            if PythonText.isLineBreak(s[i]) {
                lines.append(start..<i)
                i += s[i] == "\r" && i + 1 < s.count && s[i + 1] == "\n" ? 2 : 1
                start = i
            } else {
                i += 1
            }
        }
        if start < s.count { lines.append(start..<s.count) }
        return lines
    }

    /// `re.split("\n{k,}", text[range])` with `k = minimumRun`: the pieces between runs of at least
    /// `minimumRun` LF characters, empty pieces included (`re.split` of `""` gives one piece).
    static func split(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ range: Range<Int>, atNewlineRunsOf minimumRun: Int) -> [Range<Int>] {
        var pieces: [Range<Int>] = []
        var start = range.lowerBound
        var i = range.lowerBound
        while i < range.upperBound {
            guard s[i] == "\n" else { i += 1; continue }
            var end = i
            while end < range.upperBound, s[end] == "\n" { end += 1 }
            if end - i >= minimumRun {
                pieces.append(start..<i)
                start = end
            }
            i = end
        }
        pieces.append(start..<range.upperBound)
        return pieces
    }

    /// `text.strip()`: `range` without leading and trailing Python whitespace.
    static func strip(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ range: Range<Int>) -> Range<Int> {
        var lo = range.lowerBound
        var hi = range.upperBound
        while lo < hi, PythonText.isSpace(s[lo]) { lo += 1 }
        while hi > lo, PythonText.isSpace(s[hi - 1]) { hi -= 1 }
        return lo..<hi
    }

    /// `text.count("#")` and `text.count("...") + text.count("…")` in one pass (`...` counted
    /// as `str.count` does: non-overlapping, left to right).
    static func hashesAndEllipses(in s: UnsafeBufferPointer<Unicode.Scalar>) -> (hashes: Int, ellipses: Int) {
        var hashes = 0
        var ellipses = 0
        var i = 0
        while i < s.count {
            switch s[i] {
            case "#": hashes += 1
            case "…": ellipses += 1
            case "." where i + 2 < s.count && s[i + 1] == "." && s[i + 2] == ".":
                ellipses += 1
                i += 3
                continue
            default: break
            }
            i += 1
        }
        return (hashes, ellipses)
    }

    /// The code points of `text`, decoded from its UTF-8 in one pass.
    static func scalars(of text: String) -> [Unicode.Scalar] {
        let decoded = text.utf8.withContiguousStorageIfAvailable { bytes in
            [Unicode.Scalar](unsafeUninitializedCapacity: bytes.count) { out, count in
                var n = 0
                UTF8Scalars.forEachValue(bytes) { value in
                    // A String's UTF-8 is valid, so every value is a scalar.
                    out.initializeElement(at: n, to: Unicode.Scalar(value) ?? "\u{FFFD}")
                    n += 1
                }
                count = n
            }
        }
        return decoded ?? Array(text.unicodeScalars)
    }

    /// Whether `s[start...]` begins with `pattern`.
    static func hasPrefix(_ pattern: [Unicode.Scalar], _ s: UnsafeBufferPointer<Unicode.Scalar>, at start: Int) -> Bool {
        guard start >= 0, start + pattern.count <= s.count else { return false }
        for (offset, scalar) in pattern.enumerated() where s[start + offset] != scalar { return false }
        return true
    }

    /// Whether `s[range]` ends with `pattern`.
    static func hasSuffix(_ pattern: [Unicode.Scalar], _ s: UnsafeBufferPointer<Unicode.Scalar>, _ range: Range<Int>) -> Bool {
        pattern.count <= range.count && hasPrefix(pattern, s, at: range.upperBound - pattern.count)
    }

    /// Whether `s[a]` and `s[b]` hold the same code points.
    static func equal(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ a: Range<Int>, _ b: Range<Int>) -> Bool {
        guard a.count == b.count else { return false }
        var j = b.lowerBound
        for i in a {
            if s[i] != s[j] { return false }
            j += 1
        }
        return true
    }

    /// datatrove's `find_duplicates`: walking `pieces` in order, each piece equal to an earlier
    /// one counts as a duplicate (the first occurrence does not), adding its length in code
    /// points to `characters`.
    static func duplicates(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ pieces: [Range<Int>]) -> (elements: Int, characters: Int) {
        var seen = Set<ScalarSlice>(minimumCapacity: pieces.count)
        var elements = 0
        var characters = 0
        for piece in pieces {
            let key = ScalarSlice(s, piece, hash: scalarHash(s, piece.lowerBound, piece.upperBound))
            if !seen.insert(key).inserted {
                elements += 1
                characters += piece.count
            }
        }
        return (elements, characters)
    }
}

/// A slice of a code point buffer as a set or dictionary key: equal when the code points are,
/// hashed by a precomputed hash of them. Valid only while the buffer is.
struct ScalarSlice: Hashable {
    private let base: UnsafeBufferPointer<Unicode.Scalar>
    private let range: Range<Int>
    private let hash: UInt64

    /// The slice `s[range]`, whose content hashes to `hash`.
    init(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ range: Range<Int>, hash: UInt64) {
        self.base = s
        self.range = range
        self.hash = hash
    }

    static func == (a: ScalarSlice, b: ScalarSlice) -> Bool {
        guard a.hash == b.hash, a.range.count == b.range.count else { return false }
        var j = b.range.lowerBound
        for i in a.range {
            if a.base[i] != b.base[j] { return false }
            j += 1
        }
        return true
    }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }
}
