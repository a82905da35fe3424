/// A text's Unicode scalar values in an array, so that offsets into it are Python string indices
/// (NLTK's spans count code points).
struct PunktScalars {
    private let values: [UInt32]

    /// Decodes `text`.
    init(_ text: Substring) {
        let decoded = text.utf8.withContiguousStorageIfAvailable { Self.decode($0) }
        values = decoded ?? text.unicodeScalars.map(\.value)
    }

    /// Runs `body` with the scalar values.
    func withBuffer<Result>(_ body: (UnsafeBufferPointer<UInt32>) -> Result) -> Result {
        values.withUnsafeBufferPointer(body)
    }

    /// Whether `text` may hold a sentence break: a `.`, `?` or `!` followed by whitespace or
    /// punctuation. Non-ASCII followers count as possible; without any, the text is one sentence.
    static func mayHaveSentenceBreak(_ text: Substring) -> Bool {
        text.utf8.withContiguousStorageIfAvailable(mayHaveSentenceBreak) ?? true
    }

    private static func mayHaveSentenceBreak(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let last = bytes.count - 1
        while i < last {
            let byte = bytes[i]
            i += 1
            guard byte == 0x2E || byte == 0x3F || byte == 0x21 else { continue }
            let next = bytes[i]
            if next >= 0x80 || PunktCharacters.isASCIIWhitespace(UInt32(next)) || PunktCharacters.isNonWord(UInt32(next)) {
                return true
            }
        }
        return false
    }

    /// The string ranges of `text` that the scalar-offset `spans` cover; `spans` are in order and
    /// do not overlap.
    func stringRanges(of spans: [Range<Int>], in text: Substring) -> [Range<String.Index>] {
        let view = text.unicodeScalars
        var index = view.startIndex
        var offset = 0
        func advance(to target: Int) -> String.Index {
            if target < offset {
                index = view.startIndex
                offset = 0
            }
            while offset < target {
                view.formIndex(after: &index)
                offset += 1
            }
            return index
        }
        return spans.map { span in
            let lower = advance(to: span.lowerBound)
            return lower..<advance(to: span.upperBound)
        }
    }

    /// Decodes valid UTF-8 (Swift strings always are) into scalar values.
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(bytes.count)
        UTF8Scalars.forEachValue(bytes) { result.append($0) }
        return result
    }
}
