/// The character classes that NLTK's Punkt tokenizer tests, with the semantics of the engines it
/// runs on: its regular expressions go through the third-party `regex` module (nltk 3.10.4), whose
/// `\s`, `\w` and `\d` differ from `re`'s, while `str.isupper()`, `islower()`, `lower()` and
/// `isspace()` come from Python 3.11 (Unicode 14.0).
///
/// All functions take a Unicode scalar value as `UInt32`; the splitter works on arrays of them so
/// that its offsets are Python string indices.
enum PunktCharacters {
    /// `regex`'s `\s`: Unicode White_Space. Unlike `str.isspace()` it excludes U+001C–U+001F.
    @inline(__always)
    static func isRegexSpace(_ v: UInt32) -> Bool {
        if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
        switch v {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// Python's `str.isspace()`: `\s` plus U+001C–U+001F (see `PythonText.isSpace`).
    @inline(__always)
    static func isPythonSpace(_ v: UInt32) -> Bool {
        isRegexSpace(v) || (v >= 0x1C && v <= 0x1F)
    }

    /// Python's `string.whitespace` (space, tab, LF, CR, VT, FF), which Punkt uses to find the
    /// start of the word before a candidate sentence end.
    @inline(__always)
    static func isASCIIWhitespace(_ v: UInt32) -> Bool {
        v == 0x20 || (v >= 0x09 && v <= 0x0D)
    }

    /// `.`, `?` or `!`: the characters that may end a sentence.
    @inline(__always)
    static func isSentenceEnd(_ v: UInt32) -> Bool {
        v == 0x2E || v == 0x3F || v == 0x21
    }

    /// Punkt's "non-word" punctuation: ``)";}]*:@'({[`` , curly quotes, guillemets, `?` and `!`.
    @inline(__always)
    static func isNonWord(_ v: UInt32) -> Bool {
        switch v {
        case 0x29, 0x22, 0x3B, 0x7D, 0x5D, 0x2A, 0x3A, 0x40, 0x27, 0x28, 0x7B, 0x5B, 0x3F, 0x21,
             0x2018, 0x2019, 0x201C, 0x201D, 0xAB, 0xBB:
            return true
        default:
            return false
        }
    }

    /// The characters a word token may not start with: ``(`"{[:;&#*@)}]-,``.
    @inline(__always)
    static func cannotStartWord(_ v: UInt32) -> Bool {
        switch v {
        case 0x28, 0x22, 0x60, 0x7B, 0x5B, 0x3A, 0x3B, 0x26, 0x23, 0x2A, 0x40, 0x29, 0x7D, 0x5D, 0x2D, 0x2C:
            return true
        default:
            return false
        }
    }

    /// Closing punctuation that boundary realignment moves back onto the previous sentence:
    /// ``"')]}`` , curly quotes and guillemets.
    @inline(__always)
    static func isBoundaryCloser(_ v: UInt32) -> Bool {
        switch v {
        case 0x22, 0x27, 0x29, 0x5D, 0x7D, 0x2018, 0x2019, 0x201C, 0x201D, 0xAB, 0xBB: return true
        default: return false
        }
    }

    /// `regex`'s `\d`: a decimal digit (category Nd).
    @inline(__always)
    static func isRegexDigit(_ v: UInt32) -> Bool {
        if v < 0x80 { return v >= 0x30 && v <= 0x39 }
        guard let scalar = Unicode.Scalar(v) else { return false }
        return scalar.properties.generalCategory == .decimalNumber
    }

    /// `regex`'s `[^\W\d]`: a word character that is not a digit. In the `regex` module `\w` is
    /// Alphabetic, marks, decimal digits, connector punctuation and join controls (UTS #18).
    static func isRegexLetter(_ v: UInt32) -> Bool {
        if v < 0x80 { return (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || v == 0x5F }
        guard let scalar = Unicode.Scalar(v) else { return false }
        let properties = scalar.properties
        if properties.age == nil { return isWordAssignedAfterUnicode17(v) }
        switch properties.generalCategory {
        case .decimalNumber: return false
        case .nonspacingMark, .spacingMark, .enclosingMark, .connectorPunctuation: return true
        default: return properties.isAlphabetic || properties.isJoinControl
        }
    }

    /// Word characters of the `regex` module's Unicode database that the Swift runtime (Unicode
    /// 17.0) does not assign yet; from an exhaustive comparison of the two.
    private static let wordRangesAfterUnicode17: [ClosedRange<UInt32>] = [
        0x558...0x558, 0x58B...0x58C, 0x5C8...0x5C9, 0xB53...0xB54, 0x1ADE...0x1ADF, 0x1AEC...0x1AF0,
        0x208F...0x208F, 0x209D...0x209F, 0xA7DD...0xA7DD, 0xA7E2...0xA7E2, 0xAB6C...0xAB6D,
        0x107BB...0x107BF, 0x10ECB...0x10ECF, 0x10ED9...0x10EEE, 0x10EF0...0x10EF9, 0x11B0A...0x11B0A,
        0x11DF0...0x11DF1, 0x1246F...0x1246F, 0x12475...0x1247F, 0x12550...0x12686, 0x18CD6...0x18CDA,
        0x18D1F...0x18D20, 0x18E00...0x19191, 0x191A0...0x191D2, 0x1B123...0x1B128, 0x1B168...0x1B168,
        0x1D127...0x1D128, 0x1D250...0x1D252, 0x1D25B...0x1D25C, 0x1D25F...0x1D25F, 0x1D280...0x1D281,
        0x1D6A6...0x1D6A6, 0x1DF1F...0x1DF24, 0x1DF2B...0x1DF81, 0x1DF90...0x1DF96, 0x1DFCD...0x1DFFF,
        0x2B81E...0x2B81E, 0x3D000...0x3FC3F,
    ]

    private static func isWordAssignedAfterUnicode17(_ v: UInt32) -> Bool {
        wordRangesAfterUnicode17.contains { $0.contains(v) }
    }

    /// The scalar as Python 3.11 sees it: `nil` for code points Unicode 14.0 had not assigned,
    /// which Python treats as uncased and maps to themselves.
    @inline(__always)
    private static func pythonAssigned(_ v: UInt32) -> Unicode.Scalar.Properties? {
        guard let scalar = Unicode.Scalar(v), let age = scalar.properties.age else { return nil }
        if age.major > 14 { return nil }
        return scalar.properties
    }

    /// Python's `c.isupper()` for one character: the Uppercase property (Unicode 14.0).
    static func isPythonUpper(_ v: UInt32) -> Bool {
        if v < 0x80 { return v >= 0x41 && v <= 0x5A }
        return pythonAssigned(v)?.isUppercase ?? false
    }

    /// Python's `c.islower()` for one character: the Lowercase property (Unicode 14.0).
    static func isPythonLower(_ v: UInt32) -> Bool {
        if v < 0x80 { return v >= 0x61 && v <= 0x7A }
        switch v {
        // Lowercase changed after Unicode 14.0 for these.
        case 0x295: return true
        case 0x10FC, 0xA7F2, 0xA7F3, 0xA7F4, 0xAB69: return false
        default: return pythonAssigned(v)?.isLowercase ?? false
        }
    }

    /// Appends the UTF-8 of Python's `s.lower()` for `scalars` (full case mapping, including
    /// U+0130 → "i̇" and the final-sigma rule) to `bytes`; returns how many scalars it wrote.
    @discardableResult
    static func appendPythonLowercase(
        of scalars: UnsafeBufferPointer<UInt32>, range: Range<Int>, to bytes: inout [UInt8]
    ) -> Int {
        var written = 0
        for i in range {
            let v = scalars[i]
            if v < 0x80 {
                bytes.append(UInt8(v >= 0x41 && v <= 0x5A ? v + 0x20 : v))
                written += 1
            } else if v == 0x3A3 {
                appendUTF8(isFinalSigma(at: i, in: scalars, range: range) ? 0x3C2 : 0x3C3, to: &bytes)
                written += 1
            } else if let properties = pythonAssigned(v) {
                for scalar in properties.lowercaseMapping.unicodeScalars {
                    appendUTF8(scalar.value, to: &bytes)
                    written += 1
                }
            } else {
                appendUTF8(v, to: &bytes)
                written += 1
            }
        }
        return written
    }

    /// Appends the UTF-8 encoding of scalar value `v` to `bytes`.
    @inline(__always)
    static func appendUTF8(_ v: UInt32, to bytes: inout [UInt8]) {
        switch v {
        case 0..<0x80:
            bytes.append(UInt8(v))
        case 0x80..<0x800:
            bytes.append(UInt8(0xC0 | v >> 6))
            bytes.append(UInt8(0x80 | v & 0x3F))
        case 0x800..<0x10000:
            bytes.append(UInt8(0xE0 | v >> 12))
            bytes.append(UInt8(0x80 | (v >> 6) & 0x3F))
            bytes.append(UInt8(0x80 | v & 0x3F))
        default:
            bytes.append(UInt8(0xF0 | v >> 18))
            bytes.append(UInt8(0x80 | (v >> 12) & 0x3F))
            bytes.append(UInt8(0x80 | (v >> 6) & 0x3F))
            bytes.append(UInt8(0x80 | v & 0x3F))
        }
    }

    /// Whether the capital sigma at `index` is word-final: preceded by a cased letter and not
    /// followed by one, skipping case-ignorable characters (Python's `handle_capital_sigma`).
    private static func isFinalSigma(at index: Int, in scalars: UnsafeBufferPointer<UInt32>, range: Range<Int>) -> Bool {
        var j = index - 1
        while j >= range.lowerBound, isCaseIgnorable(scalars[j]) { j -= 1 }
        guard j >= range.lowerBound, isCased(scalars[j]) else { return false }
        j = index + 1
        while j < range.upperBound, isCaseIgnorable(scalars[j]) { j += 1 }
        return j == range.upperBound || !isCased(scalars[j])
    }

    private static func isCased(_ v: UInt32) -> Bool { pythonAssigned(v)?.isCased ?? false }
    private static func isCaseIgnorable(_ v: UInt32) -> Bool { pythonAssigned(v)?.isCaseIgnorable ?? false }
}
