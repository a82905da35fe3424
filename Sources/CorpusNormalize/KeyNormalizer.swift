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
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        func emit(_ scalar: Unicode.Scalar) {
            if pendingSpace, !out.isEmpty { out.append(" ") }
            pendingSpace = false
            out.append(scalar)
        }
        for scalar in decomposed(text).unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                switch v {
                case 0x41...0x5A: emit(Unicode.Scalar(v + 0x20)!)
                case 0x61...0x7A: emit(scalar)
                case 0x30...0x39: emit("0")
                case 0x09...0x0D, 0x20: pendingSpace = true
                case 0x1C...0x1F: pendingSpace = true
                default:
                    // ASCII punctuation is removed; ASCII symbols ($ + < = > ^ ` | ~) are kept.
                    if scalar.properties.generalCategory.isPunctuation { continue }
                    if v >= 0x20 { emit(scalar) }
                }
                continue
            }
            let properties = scalar.properties
            let category = properties.generalCategory
            if category == .nonspacingMark || category.isPunctuation { continue }
            if category == .decimalNumber { emit("0"); continue }
            if properties.isWhitespace { pendingSpace = true; continue }
            if properties.changesWhenLowercased {
                for lower in properties.lowercaseMapping.unicodeScalars where lower.properties.generalCategory != .nonspacingMark {
                    emit(lower)
                }
            } else {
                emit(scalar)
            }
        }
        return String(out)
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
