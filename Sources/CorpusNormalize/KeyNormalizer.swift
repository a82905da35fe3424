import CICUShim

/// The comparison key of a text, for deduplication and repetition metrics — never for output.
///
/// Two texts that differ only in case, accents, digits, punctuation or spacing get the same key:
/// 1. NFD (canonical decomposition) through ICU, then combining marks (category Mn) removed;
/// 2. letters lowercased (full Unicode lowercase mapping);
/// 3. every decimal digit (category Nd) becomes `0`;
/// 4. punctuation (categories P*) removed;
/// 5. runs of whitespace become one space; the key is trimmed.
///
/// "Café №5, 2024!" and "cafe №0 0000" have the same key: `cafe №0 0000`.
public struct KeyNormalizer: Sendable {
    /// Makes a key normalizer.
    public init() {}

    /// The key of `text`.
    public func key(_ text: some StringProtocol) -> String {
        String(decoding: keyBytes(text), as: UTF8.self)
    }

    /// The key of `text` as UTF-8 bytes (what hashing wants, without building a String).
    public func keyBytes(_ text: some StringProtocol) -> [UInt8] {
        var key = KeyBuilder()
        var string = String(text)
        let ascii = string.withUTF8 { bytes in
            if bytes.contains(where: { $0 >= 0x80 }) { return false }
            key.out.reserveCapacity(bytes.count)
            for byte in bytes { key.ascii(byte) }
            return true
        }
        if ascii { return key.out }
        for scalar in decomposed(string).unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                key.ascii(UInt8(v))
                continue
            }
            let properties = scalar.properties
            let category = properties.generalCategory
            if category == .nonspacingMark || category.isPunctuation { continue }
            if category == .decimalNumber { key.emit(UInt8(ascii: "0")); continue }
            if properties.isWhitespace { key.pendingSpace = true; continue }
            if properties.changesWhenLowercased {
                for lower in properties.lowercaseMapping.unicodeScalars where lower.properties.generalCategory != .nonspacingMark {
                    key.emit(lower)
                }
            } else {
                key.emit(scalar)
            }
        }
        return key.out
    }

    /// NFD of `text` through ICU; ASCII is returned as is.
    private func decomposed(_ text: some StringProtocol) -> String {
        var string = String(text)
        if string.utf8.allSatisfy({ $0 < 0x80 }) { return string }
        return string.withUTF8 { bytes -> String in
            let base = UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self)
            var status: Int32 = 0
            var length: Int32 = 0
            guard let output = corpus_icu_normalize_utf8(Int32(CORPUS_ICU_NFD), base, Int32(bytes.count), &length, &status) else {
                return String(decoding: bytes, as: UTF8.self)  // only on allocation failure; keys stay usable
            }
            defer { corpus_icu_free(output) }
            return output.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
                String(decoding: UnsafeBufferPointer(start: $0, count: Int(length)), as: UTF8.self)
            }
        }
    }
}

/// The key being built: bytes out, and whether a space is owed before the next character.
private struct KeyBuilder {
    var out: [UInt8] = []
    var pendingSpace = false

    /// What each ASCII byte becomes: 0 removed, 1 whitespace, 2 itself lowercased, 3 the digit 0.
    /// ASCII punctuation is removed; ASCII symbols ($ + < = > ^ ` | ~) and DEL are kept.
    static let asciiActions: [UInt8] = (0..<128).map { v -> UInt8 in
        switch v {
        case 0x41...0x5A, 0x61...0x7A: return 2
        case 0x30...0x39: return 3
        case 0x09...0x0D, 0x20, 0x1C...0x1F: return 1
        default:
            if Unicode.Scalar(UInt8(v)).properties.generalCategory.isPunctuation { return 0 }
            return v >= 0x20 ? 2 : 0
        }
    }

    @inline(__always)
    mutating func ascii(_ byte: UInt8) {
        switch Self.asciiActions[Int(byte)] {
        case 2: emit(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
        case 3: emit(UInt8(ascii: "0"))
        case 1: pendingSpace = true
        default: break
        }
    }

    @inline(__always)
    mutating func emit(_ byte: UInt8) {
        if pendingSpace {
            if !out.isEmpty { out.append(0x20) }
            pendingSpace = false
        }
        out.append(byte)
    }

    mutating func emit(_ scalar: Unicode.Scalar) {
        var first = true
        for byte in UTF8.encode(scalar)! {
            if first { emit(byte) } else { out.append(byte) }
            first = false
        }
    }
}

extension Unicode.GeneralCategory {
    /// Whether the category is one of the punctuation categories (Pc, Pd, Ps, Pe, Pi, Pf, Po).
    var isPunctuation: Bool {
        switch self {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }
}
