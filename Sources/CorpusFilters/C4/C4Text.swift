/// C4's citation markers: `\[\d*\]|\[edit\]|\[citation needed\]`, removed left to right
/// without overlap, as Python's `re.sub` does (`\d` is any Unicode decimal digit).
enum C4Citations {
    static func removed(from line: Substring) -> Substring {
        guard PythonText.withBytes(line, { $0.contains(UInt8(ascii: "[")) }) else { return line }
        let scalars = line.unicodeScalars
        var out = String.UnicodeScalarView()
        var i = scalars.startIndex
        var changed = false
        while i < scalars.endIndex {
            if scalars[i] == "[", let end = markerEnd(scalars, after: i) {
                i = end
                changed = true
                continue
            }
            out.append(scalars[i])
            i = scalars.index(after: i)
        }
        return changed ? Substring(String(out)) : line
    }

    /// The index just past a citation marker starting at `open` (a `[`), if one starts there.
    private static func markerEnd(_ scalars: Substring.UnicodeScalarView, after open: Substring.UnicodeScalarView.Index) -> Substring.UnicodeScalarView.Index? {
        var j = scalars.index(after: open)
        while j < scalars.endIndex, PythonText.isDecimalDigit(scalars[j]) { j = scalars.index(after: j) }
        if j < scalars.endIndex, scalars[j] == "]" { return scalars.index(after: j) }
        for word in ["edit]", "citation needed]"] {
            var k = scalars.index(after: open)
            var matched = true
            for expected in word.unicodeScalars {
                guard k < scalars.endIndex, scalars[k] == expected else { matched = false; break }
                k = scalars.index(after: k)
            }
            if matched { return k }
        }
        return nil
    }
}

/// The UTF-8 bytes of `str.lower()` for the purpose of finding ASCII phrases: ASCII letters
/// lowered, KELVIN SIGN (U+212A) lowered to `k` and U+0130 to `i` + U+0307, as Python does.
/// These are the only characters whose Python lowercase contains ASCII letters, so an ASCII
/// phrase occurs here exactly when it occurs in `line.lower()`.
struct CaseFoldedASCII {
    private(set) var bytes: [UInt8]

    init(_ text: Substring) {
        bytes = PythonText.withBytes(text) { Self.fold($0) }
    }

    private static func fold(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var iterator = text.makeIterator()
        var pending: [UInt8] = []
        while let b = iterator.next() {
            if b < 0x80 {
                out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
                continue
            }
            pending.removeAll(keepingCapacity: true)
            pending.append(b)
            if b == 0xE2 || b == 0xC4 {
                // Peek the continuation bytes of this scalar.
                let length = b == 0xE2 ? 2 : 1
                for _ in 0..<length { if let next = iterator.next() { pending.append(next) } }
                if pending == [0xE2, 0x84, 0xAA] { out.append(UInt8(ascii: "k")); continue }
                if pending == [0xC4, 0xB0] { out += [UInt8(ascii: "i"), 0xCC, 0x87]; continue }
            }
            out += pending
        }
        return out
    }

    /// Whether the lowered text contains `phrase` (lowercase ASCII).
    func contains(_ phrase: String) -> Bool {
        let needle = Array(phrase.utf8)
        guard let first = needle.first, needle.count <= bytes.count else { return false }
        let last = bytes.count - needle.count
        var i = 0
        while i <= last {
            if bytes[i] == first {
                var j = 1
                while j < needle.count, bytes[i + j] == needle[j] { j += 1 }
                if j == needle.count { return true }
            }
            i += 1
        }
        return false
    }
}
