import CCLD2Shim

/// What language a text is in, as CLD2 (Compact Language Detector 2) judges it.
public struct LanguageGuess: Sendable, Equatable {
    /// The language code ("en", "de", "zh-Hant"); "un" when CLD2 cannot tell.
    public var language: String
    /// Confidence in 0...1: the share of the scored letters in `language` when CLD2 calls the
    /// detection reliable, 0 when it does not.
    public var score: Double
    /// Whether CLD2 found the top language clearly ahead of the runner-up.
    public var isReliable: Bool
}

/// Detects the language of plain text with CLD2, on a bounded prefix (detection quality
/// saturates after a few kilobytes; the cost does not).
public struct LanguageIdentifier: Sendable {
    /// How many leading bytes of a text CLD2 sees (cut back to a character boundary).
    public let prefixBytes: Int

    /// Makes an identifier that reads at most `prefixBytes` of each text.
    public init(prefixBytes: Int = 8192) {
        self.prefixBytes = prefixBytes
    }

    /// The language of `text`.
    public func identify(_ text: String) -> LanguageGuess {
        var copy = text
        return copy.withUTF8 { bytes in
            var length = min(bytes.count, prefixBytes)
            while length > 0, length < bytes.count, bytes[length] & 0xC0 == 0x80 { length -= 1 }
            var code = [CChar](repeating: 0, count: 16)
            var result = corpus_cld2_result()
            let base = UnsafeRawPointer(bytes.baseAddress).map { $0.assumingMemoryBound(to: CChar.self) }
            _ = corpus_cld2_detect(base, Int32(length), &code, Int32(code.count), &result)
            let language = String(decoding: code.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let reliable = result.is_reliable != 0 && language != "un"
            let score = reliable ? Double(result.percents.0) / 100 : 0
            return LanguageGuess(language: language, score: score, isReliable: reliable)
        }
    }
}
