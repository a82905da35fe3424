import CICUShim

/// The Unicode normalization form applied to output text.
public enum NormalizationForm: String, Sendable, Codable, CaseIterable {
    /// Canonical composition: changes no character's meaning or appearance. The default.
    case nfc
    /// Compatibility composition: also folds ligatures, full-width forms, superscripts and
    /// special spaces into their plain counterparts.
    case nfkc

    var icuForm: Int32 {
        switch self {
        case .nfc: Int32(CORPUS_ICU_NFC)
        case .nfkc: Int32(CORPUS_ICU_NFKC)
        }
    }
}

/// What normalizing one text changed, for statistics.
public struct NormalizationReport: Sendable, Equatable {
    /// Ill-formed UTF-8 sequences replaced by U+FFFD.
    public var repairedSequences = 0
    /// Control characters removed (C0 other than tab and newline, DEL, C1 other than NEL).
    public var removedControls = 0
    /// Whether the Unicode normalization form changed any character.
    public var changedByUnicodeForm = false

    /// An empty report.
    public init() {}
}

/// Turns text into the canonical form every later stage sees: valid UTF-8 in NFC (or NFKC),
/// no control characters but tab and newline, `\n` line ends, single spaces between words,
/// no trailing spaces on lines, at most one blank line between paragraphs, no leading or
/// trailing blank space. Accents and case are kept.
///
/// Deterministic and idempotent: normalizing a normalized text returns it unchanged.
public struct TextNormalizer: Sendable {
    /// The Unicode normalization form to apply.
    public let form: NormalizationForm

    /// Makes a normalizer for `form`.
    public init(form: NormalizationForm = .nfc) {
        self.form = form
    }

    /// Normalizes a text that is already valid Unicode.
    public func normalize(_ text: String) throws(NormalizationError) -> (text: String, report: NormalizationReport) {
        var copy = text
        let result = copy.withUTF8 { bytes in
            Result { () throws(NormalizationError) in try normalize(utf8: bytes) }
        }
        return try result.get()
    }

    /// Normalizes raw bytes that should be UTF-8; ill-formed sequences become U+FFFD and are counted.
    public func normalize(utf8 bytes: UnsafeBufferPointer<UInt8>) throws(NormalizationError) -> (text: String, report: NormalizationReport) {
        var report = NormalizationReport()
        let valid = UTF8Repair.repaired(bytes, count: &report.repairedSequences)
        let cleaned = LineAndControlCleaner.clean(valid, removedControls: &report.removedControls)
        let composed = try unicodeForm(cleaned, changed: &report.changedByUnicodeForm)
        let spaced = WhitespaceCollapser.collapse(composed)
        return (String(decoding: spaced, as: UTF8.self), report)
    }

    /// Applies the Unicode normalization form through ICU; pure ASCII is left alone (it is in
    /// every form already).
    private func unicodeForm(_ bytes: [UInt8], changed: inout Bool) throws(NormalizationError) -> [UInt8] {
        if bytes.allSatisfy({ $0 < 0x80 }) { return bytes }
        let result = bytes.withUnsafeBufferPointer { input -> Result<[UInt8], NormalizationError> in
            let base = UnsafeRawPointer(input.baseAddress!).assumingMemoryBound(to: CChar.self)
            var status: Int32 = 0
            let isNormal = corpus_icu_is_normalized_utf8(form.icuForm, base, Int32(input.count), &status)
            if isNormal == 1 { return .success(bytes) }
            var length: Int32 = 0
            guard let output = corpus_icu_normalize_utf8(form.icuForm, base, Int32(input.count), &length, &status) else {
                return .failure(.icu(name: String(cString: corpus_icu_error_name(status))))
            }
            defer { corpus_icu_free(output) }
            let result = output.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
                Array(UnsafeBufferPointer(start: $0, count: Int(length)))
            }
            changed = result != bytes
            return .success(result)
        }
        return try result.get()
    }
}

/// Why a text could not be normalized.
public enum NormalizationError: Error, Equatable, CustomStringConvertible {
    /// ICU reported an error (out of memory, a text over 2 GiB).
    case icu(name: String)

    public var description: String {
        switch self {
        case .icu(let name): "ICU normalization failed: \(name)"
        }
    }
}
