/// Replaces ill-formed UTF-8 with U+FFFD, one replacement per maximal ill-formed subpart
/// (the Unicode-recommended practice that Python's `errors="replace"` also follows).
enum UTF8Repair {
    static func repaired(_ bytes: UnsafeBufferPointer<UInt8>, count: inout Int) -> [UInt8] {
        if String(validating: bytes, as: UTF8.self) != nil { return Array(bytes) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        loop: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): out.append(contentsOf: encoded)
            case .error:
                out += [0xEF, 0xBF, 0xBD]
                count += 1
            case .emptyInput: break loop
            }
        }
        return out
    }
}

/// Makes every line end `\n` (CR LF, CR, VT, FF, NEL, U+2028, U+2029) and removes the other
/// control characters (C0 but tab and LF, DEL, C1).
enum LineAndControlCleaner {
    static func clean(_ bytes: [UInt8], removedControls: inout Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b >= 0x20 && b != 0x7F {
                if b == 0xC2, i + 1 < n, bytes[i + 1] >= 0x80, bytes[i + 1] <= 0x9F {
                    // C1 controls U+0080...U+009F; NEL (U+0085) is a line end.
                    if bytes[i + 1] == 0x85 { out.append(0x0A) } else { removedControls += 1 }
                    i += 2
                    continue
                }
                if b == 0xE2, i + 2 < n, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 {
                    out.append(0x0A)  // U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR
                    i += 3
                    continue
                }
                out.append(b)
                i += 1
                continue
            }
            switch b {
            case 0x09, 0x0A: out.append(b)
            case 0x0D:
                out.append(0x0A)
                if i + 1 < n, bytes[i + 1] == 0x0A { i += 1 }
            case 0x0B, 0x0C: out.append(0x0A)
            default: removedControls += 1
            }
            i += 1
        }
        return out
    }
}

/// Turns each run of horizontal whitespace (tab and Unicode space separators) into one space,
/// drops spaces at line ends and starts, keeps at most one blank line between paragraphs, and
/// trims the text.
enum WhitespaceCollapser {
    static func collapse(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var pendingSpace = false
        var pendingNewlines = 0
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            let spaceLength = horizontalSpaceLength(bytes, at: i)
            if spaceLength > 0 {
                pendingSpace = true
                i += spaceLength
                continue
            }
            if b == 0x0A {
                pendingSpace = false
                pendingNewlines += 1
                i += 1
                continue
            }
            if !out.isEmpty {
                if pendingNewlines > 0 {
                    out.append(0x0A)
                    if pendingNewlines > 1 { out.append(0x0A) }
                } else if pendingSpace {
                    out.append(0x20)
                }
            }
            pendingSpace = false
            pendingNewlines = 0
            out.append(b)
            i += 1
        }
        return out
    }

    /// The byte length of the horizontal space character at `i`, or 0 when there is none:
    /// tab, space, U+00A0, U+1680, U+2000...U+200A, U+202F, U+205F, U+3000.
    private static func horizontalSpaceLength(_ bytes: [UInt8], at i: Int) -> Int {
        let b = bytes[i]
        if b == 0x20 || b == 0x09 { return 1 }
        if b < 0xC2 { return 0 }
        let n = bytes.count
        if b == 0xC2 { return i + 1 < n && bytes[i + 1] == 0xA0 ? 2 : 0 }
        guard i + 2 < n else { return 0 }
        let b1 = bytes[i + 1], b2 = bytes[i + 2]
        switch b {
        case 0xE1: return b1 == 0x9A && b2 == 0x80 ? 3 : 0
        case 0xE2:
            if b1 == 0x80 && (b2 <= 0x8A || b2 == 0xAF) && b2 >= 0x80 { return 3 }
            if b1 == 0x81 && b2 == 0x9F { return 3 }
            return 0
        case 0xE3: return b1 == 0x80 && b2 == 0x80 ? 3 : 0
        default: return 0
        }
    }
}
