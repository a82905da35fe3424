/// Python's `str` text primitives (`isspace`, `split()`, `strip()`, `splitlines()`, `len`), which
/// the reference implementations of C4, Gopher and FineWeb rules are written in.
///
/// Matching Python exactly matters: C4's `line.split()` treats U+00A0 and U+3000 as separators,
/// `splitlines()` breaks at U+2028 and form feeds, and `len` counts code points. These functions
/// give the same answers on any valid Unicode text.
public enum PythonText {
    /// Whether `scalar` is whitespace for Python's `str.isspace()`, `split()` and `strip()`:
    /// tab, LF, VT, FF, CR, U+001C–U+001F, space, U+0085, U+00A0, U+1680, U+2000–U+200A,
    /// U+2028, U+2029, U+202F, U+205F, U+3000. (U+200B zero width space is not.)
    @inlinable
    public static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return (v >= 0x09 && v <= 0x0D) || (v >= 0x1C && v <= 0x20) }
        switch v {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// Whether `scalar` ends a line for Python's `str.splitlines()`: LF, VT, FF, CR,
    /// U+001C, U+001D, U+001E, U+0085, U+2028, U+2029 (CR LF counts as one break).
    @inlinable
    public static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A...0x0D, 0x1C...0x1E, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }

    /// `text.splitlines()`: the lines without their line breaks; no trailing empty line.
    public static func splitLines(_ text: Substring) -> [Substring] {
        var ranges: [Range<Int>] = []
        withBytes(text) { bytes in
            var start = 0
            var i = 0
            while i < bytes.count {
                let length = lineBreakLength(bytes, at: i)
                if length == 0 { i += 1; continue }
                ranges.append(start..<i)
                var next = i + length
                if bytes[i] == 0x0D, next < bytes.count, bytes[next] == 0x0A { next += 1 }
                start = next
                i = next
            }
            if start < bytes.count { ranges.append(start..<bytes.count) }
        }
        return ranges.map { slice(text, $0) }
    }

    /// `text.strip()`: `text` without leading and trailing Python whitespace.
    public static func strip(_ text: Substring) -> Substring {
        let range = withBytes(text) { bytes -> Range<Int> in
            var lo = 0
            var hi = bytes.count
            while lo < hi {
                let length = spaceLength(bytes, at: lo)
                if length == 0 { break }
                lo += length
            }
            while hi > lo {
                var start = hi - 1
                while start > lo, bytes[start] & 0xC0 == 0x80 { start -= 1 }
                if spaceLength(bytes, at: start) == 0 { break }
                hi = start
            }
            return lo..<hi
        }
        return range.count == text.utf8.count ? text : slice(text, range)
    }

    /// `text.split()`: the maximal runs of non-whitespace.
    public static func splitWhitespace(_ text: Substring) -> [Substring] {
        var words: [Substring] = []
        forEachWord(text) { words.append($0) }
        return words
    }

    /// Calls `body` with each word of `text.split()` in order, without building an array.
    public static func forEachWord(_ text: Substring, _ body: (Substring) -> Void) {
        var ranges: [Range<Int>] = []
        forEachWordRange(text) { ranges.append($0) }
        for range in ranges { body(slice(text, range)) }
    }

    /// `len(text.split())`: how many whitespace-separated words `text` has.
    public static func wordCount(_ text: Substring) -> Int {
        var n = 0
        forEachWordRange(text) { _ in n += 1 }
        return n
    }

    /// Calls `body` with the UTF-8 byte range of each word of `text.split()`.
    static func forEachWordRange(_ text: Substring, _ body: (Range<Int>) -> Void) {
        withBytes(text) { bytes in
            var i = 0
            while i < bytes.count {
                while i < bytes.count {
                    let length = spaceLength(bytes, at: i)
                    if length == 0 { break }
                    i += length
                }
                guard i < bytes.count else { return }
                let start = i
                while i < bytes.count, spaceLength(bytes, at: i) == 0 { i += 1 }
                body(start..<i)
            }
        }
    }

    /// Runs `body` on the UTF-8 bytes of `text`, without copying when the storage is contiguous.
    static func withBytes<R>(_ text: Substring, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }

    /// The part of `text` at UTF-8 byte offsets `range` (offsets at code point boundaries).
    static func slice(_ text: Substring, _ range: Range<Int>) -> Substring {
        let utf8 = text.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        let upper = utf8.index(lower, offsetBy: range.count)
        return Substring(text.unicodeScalars[lower..<upper])
    }

    /// The byte length of the Python whitespace character starting at `i`, or 0 when the
    /// character there is not whitespace (`isSpace`).
    @inline(__always)
    static func spaceLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let b = bytes[i]
        if b < 0x80 { return (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x20) ? 1 : 0 }
        switch b {
        case 0xC2:
            guard i + 1 < bytes.count else { return 0 }
            return bytes[i + 1] == 0x85 || bytes[i + 1] == 0xA0 ? 2 : 0
        case 0xE1, 0xE2, 0xE3:
            guard i + 2 < bytes.count else { return 0 }
            let b1 = bytes[i + 1], b2 = bytes[i + 2]
            switch b {
            case 0xE1: return b1 == 0x9A && b2 == 0x80 ? 3 : 0                       // U+1680
            case 0xE2:
                if b1 == 0x80 { return (b2 >= 0x80 && b2 <= 0x8A) || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF ? 3 : 0 }
                return b1 == 0x81 && b2 == 0x9F ? 3 : 0                                // U+205F
            default: return b1 == 0x80 && b2 == 0x80 ? 3 : 0                        // U+3000
            }
        default:
            return 0
        }
    }

    /// The byte length of the `splitlines()` line break starting at `i`, or 0 (`isLineBreak`).
    @inline(__always)
    static func lineBreakLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let b = bytes[i]
        if b < 0x80 { return (b >= 0x0A && b <= 0x0D) || (b >= 0x1C && b <= 0x1E) ? 1 : 0 }
        if b == 0xC2 { return i + 1 < bytes.count && bytes[i + 1] == 0x85 ? 2 : 0 }
        if b == 0xE2, i + 2 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 { return 3 }
        return 0
    }

    /// `text.splitlines()` of a whole string.
    public static func splitLines(_ text: String) -> [Substring] { splitLines(Substring(text)) }

    /// `text.split()` of a whole string.
    public static func splitWhitespace(_ text: String) -> [Substring] { splitWhitespace(Substring(text)) }

    /// `len(text.split())` of a whole string.
    public static func wordCount(_ text: String) -> Int { wordCount(Substring(text)) }

    /// `len(text)`: the number of Unicode code points.
    @inlinable
    public static func length<S: StringProtocol>(_ text: S) -> Int {
        var n = 0
        for byte in text.utf8 where byte & 0xC0 != 0x80 { n += 1 }
        return n
    }

    /// Whether `scalar` is a word character for Python's `re` on `str` patterns (`\w`):
    /// letters (categories L*), numbers (N*: decimal, digit and numeric), and `_`.
    /// Combining marks are not word characters, as in Python.
    @inlinable
    public static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 {
            return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || v == 0x5F
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return scalar.properties.numericType != nil
        }
    }

    /// Whether `scalar` is a decimal digit for Python's `re` `\d` on `str` patterns (category Nd).
    @inlinable
    public static func isDecimalDigit(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return v >= 0x30 && v <= 0x39 }
        return scalar.properties.generalCategory == .decimalNumber
    }
}
