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
        var string = String(text)
        if let key = string.withUTF8({ Self.tableKey($0) }) { return key }
        return generalKey(string)
    }

    /// The key computed scalar by scalar from tables: ASCII by `KeyBuilder.asciiActions`,
    /// other BMP scalars by `KeyScalarTable` (each scalar's NFD already folded). Nil when the
    /// text has a combining character that NFD could reorder and that the key keeps, or a
    /// scalar outside the BMP: those texts take the general path.
    static func tableKey(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var key = KeyBuilder()
        key.out.reserveCapacity(bytes.count)
        var i = 0
        let n = bytes.count
        while i < n {
            let lead = bytes[i]
            if lead < 0x80 {
                key.ascii(lead)
                i += 1
                continue
            }
            let table = KeyScalarTable.shared
            let scalar: Int
            if lead < 0xE0 {
                scalar = Int(lead & 0x1F) << 6 | Int(bytes[i + 1] & 0x3F)
                i += 2
            } else if lead < 0xF0 {
                scalar = Int(lead & 0x0F) << 12 | Int(bytes[i + 1] & 0x3F) << 6 | Int(bytes[i + 2] & 0x3F)
                i += 3
            } else {
                return nil
            }
            switch table.kinds[scalar] {
            case KeyScalarTable.emit:
                let start = Int(table.starts[scalar]), end = Int(table.starts[scalar + 1])
                if start < end {
                    key.emit(table.bytes[start])
                    if end - start > 1 { key.out.append(contentsOf: table.bytes[(start + 1)..<end]) }
                }
            case KeyScalarTable.space:
                key.pendingSpace = true
            default:
                return nil
            }
        }
        return key.out
    }

    /// The key by NFD of the whole text through ICU, then the rules scalar by scalar.
    func generalKey(_ string: String) -> [UInt8] {
        var key = KeyBuilder()
        for scalar in Self.decomposed(string).unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                key.ascii(UInt8(v))
                continue
            }
            switch Self.fold(scalar) {
            case .space: key.pendingSpace = true
            case .emit(let scalars): for folded in scalars { key.emit(folded) }
            }
        }
        return key.out
    }

    /// What one decomposed scalar (never ASCII) becomes in a key.
    enum Folded {
        case space
        case emit([Unicode.Scalar])
    }

    static func fold(_ scalar: Unicode.Scalar) -> Folded {
        let properties = scalar.properties
        let category = properties.generalCategory
        if category == .nonspacingMark || category.isPunctuation { return .emit([]) }
        if category == .decimalNumber { return .emit(["0"]) }
        if properties.isWhitespace { return .space }
        if properties.changesWhenLowercased {
            return .emit(properties.lowercaseMapping.unicodeScalars.filter { $0.properties.generalCategory != .nonspacingMark })
        }
        return .emit([scalar])
    }

    /// NFD of `text` through ICU; ASCII is returned as is.
    static func decomposed(_ text: some StringProtocol) -> String {
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
struct KeyBuilder {
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
