/// Splits text into sentences exactly as NLTK's Punkt tokenizer does
/// (`PunktSentenceTokenizer.span_tokenize` / `tokenize` with boundary realignment), given a
/// trained model such as NLTK's English `punkt_tab`.
///
/// C4 counts the sentences of each line with it, so `sentenceCount(in:)` answers
/// `len(tokenize(line))` without building the sentences. Immutable and safe to share across
/// threads.
public struct PunktSentenceSplitter: Sendable {
    /// The model that decides abbreviations, collocations and sentence starters.
    public let parameters: PunktParameters

    /// A splitter using `parameters`.
    public init(parameters: PunktParameters) {
        self.parameters = parameters
    }

    /// The sentences of `text` as ranges of it: NLTK's `span_tokenize(text)`. Whitespace between
    /// sentences and at the end of the text belongs to none (the first sentence keeps the text's
    /// leading whitespace, as in NLTK); closing quotes and brackets after a sentence end belong to
    /// that sentence.
    public func sentenceRanges(in text: Substring) -> [Range<String.Index>] {
        let scalars = PunktScalars(text)
        let spans = scalars.withBuffer { buffer in
            realignedSpans(buffer, slices: sentenceSlices(buffer))
        }
        return scalars.stringRanges(of: spans, in: text)
    }

    /// The sentences of `text`: NLTK's `tokenize(text)`.
    public func sentences(in text: String) -> [Substring] {
        sentenceRanges(in: Substring(text)).map { text[$0] }
    }

    /// The number of sentences in `text`: `len(tokenize(text))`, without building them.
    public func sentenceCount(in text: Substring) -> Int {
        guard PunktScalars.mayHaveSentenceBreak(text) else {
            return text.unicodeScalars.contains { !PythonText.isSpace($0) } ? 1 : 0
        }
        return PunktScalars(text).withBuffer { buffer in
            var finder = PunktBreakFinder(parameters: parameters, scalars: buffer)
            var breaks = 0
            var lastStart = 0
            while let found = finder.next() {
                breaks += 1
                lastStart = found.nextStart
            }
            let end = Self.endWithoutTrailingSpace(buffer)
            guard breaks > 0 else { return end > 0 ? 1 : 0 }
            // The last sentence is empty when the text ends in the break's next token (possible
            // when that token is U+001C–U+001F, space to `rstrip` but not to the regex), or
            // when realignment moves all of it, closing quotes and brackets, to the sentence before.
            guard lastStart < end else { return breaks }
            let lastIsOnlyClosers = (lastStart..<end).allSatisfy { PunktCharacters.isBoundaryCloser(buffer[$0]) }
            return lastIsOnlyClosers ? breaks : breaks + 1
        }
    }

    /// The sentence slices before realignment: one per break, then the rest of the text up to
    /// its trailing whitespace.
    private func sentenceSlices(_ scalars: UnsafeBufferPointer<UInt32>) -> [Range<Int>] {
        var slices: [Range<Int>] = []
        var lastBreak = 0
        var finder = PunktBreakFinder(parameters: parameters, scalars: scalars)
        while let found = finder.next() {
            slices.append(lastBreak..<found.end)
            lastBreak = found.nextStart
        }
        let end = Self.endWithoutTrailingSpace(scalars)
        slices.append(lastBreak..<max(lastBreak, end))
        return slices
    }

    /// `_realign_boundaries`: closing quotes and brackets (with the whitespace after them) at the
    /// start of a sentence move to the end of the one before; empty sentences are dropped.
    private func realignedSpans(_ scalars: UnsafeBufferPointer<UInt32>, slices: [Range<Int>]) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        var realign = 0
        for (index, slice) in slices.enumerated() {
            let start = slice.lowerBound + realign
            guard index + 1 < slices.count else {
                if start < slice.upperBound { spans.append(start..<slice.upperBound) }
                break
            }
            let next = slices[index + 1]
            if let closers = Self.leadingClosers(scalars, next) {
                spans.append(start..<(next.lowerBound + closers.kept))
                realign = closers.consumed
            } else {
                realign = 0
                if start < slice.upperBound { spans.append(start..<slice.upperBound) }
            }
        }
        return spans
    }

    /// A match of `["')\]}‘’“”«»]+?(?:\s+|(?=--)|$)` (multi-line) at the start of `slice`: the
    /// closers it keeps and the scalars it consumes, including the whitespace.
    private static func leadingClosers(
        _ scalars: UnsafeBufferPointer<UInt32>, _ slice: Range<Int>
    ) -> (kept: Int, consumed: Int)? {
        var i = slice.lowerBound
        while i < slice.upperBound, PunktCharacters.isBoundaryCloser(scalars[i]) {
            i += 1
            let kept = i - slice.lowerBound
            if i < slice.upperBound, PunktCharacters.isRegexSpace(scalars[i]) {
                var end = i + 1
                while end < slice.upperBound, PunktCharacters.isRegexSpace(scalars[end]) { end += 1 }
                return (kept, end - slice.lowerBound)
            }
            if i + 1 < slice.upperBound, scalars[i] == 0x2D, scalars[i + 1] == 0x2D { return (kept, kept) }
            if i == slice.upperBound { return (kept, kept) }
        }
        return nil
    }

    /// `len(text.rstrip())`: the offset after the last character that is not Python whitespace.
    private static func endWithoutTrailingSpace(_ scalars: UnsafeBufferPointer<UInt32>) -> Int {
        var end = scalars.count
        while end > 0, PunktCharacters.isPythonSpace(scalars[end - 1]) { end -= 1 }
        return end
    }
}
