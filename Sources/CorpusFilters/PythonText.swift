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
        let scalars = text.unicodeScalars
        var lines: [Substring] = []
        var start = scalars.startIndex
        var i = start
        while i < scalars.endIndex {
            let s = scalars[i]
            if isLineBreak(s) {
                lines.append(Substring(scalars[start..<i]))
                var next = scalars.index(after: i)
                if s == "\r", next < scalars.endIndex, scalars[next] == "\n" { next = scalars.index(after: next) }
                start = next
                i = next
            } else {
                i = scalars.index(after: i)
            }
        }
        if start < scalars.endIndex { lines.append(Substring(scalars[start..<scalars.endIndex])) }
        return lines
    }

    /// `text.strip()`: `text` without leading and trailing Python whitespace.
    public static func strip(_ text: Substring) -> Substring {
        let scalars = text.unicodeScalars
        var lo = scalars.startIndex
        var hi = scalars.endIndex
        while lo < hi, isSpace(scalars[lo]) { lo = scalars.index(after: lo) }
        while hi > lo {
            let before = scalars.index(before: hi)
            guard isSpace(scalars[before]) else { break }
            hi = before
        }
        return Substring(scalars[lo..<hi])
    }

    /// `text.split()`: the maximal runs of non-whitespace.
    public static func splitWhitespace(_ text: Substring) -> [Substring] {
        var words: [Substring] = []
        forEachWord(text) { words.append($0) }
        return words
    }

    /// Calls `body` with each word of `text.split()` in order, without building an array.
    @inlinable
    public static func forEachWord(_ text: Substring, _ body: (Substring) -> Void) {
        let scalars = text.unicodeScalars
        var i = scalars.startIndex
        while i < scalars.endIndex {
            while i < scalars.endIndex, isSpace(scalars[i]) { i = scalars.index(after: i) }
            guard i < scalars.endIndex else { return }
            let start = i
            while i < scalars.endIndex, !isSpace(scalars[i]) { i = scalars.index(after: i) }
            body(Substring(scalars[start..<i]))
        }
    }

    /// `len(text.split())`: how many whitespace-separated words `text` has.
    public static func wordCount(_ text: Substring) -> Int {
        var n = 0
        forEachWord(text) { _ in n += 1 }
        return n
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
