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

    /// The sentences of `text` as ranges of it: NLTK's `span_tokenize(text)`. Sentences do not
    /// start with whitespace; closing quotes and brackets after a sentence end belong to the
    /// sentence; trailing whitespace of the text belongs to none.
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
        guard PunktScalars.mayEndSentence(text) else {
            return text.unicodeScalars.contains { !PythonText.isSpace($0) } ? 1 : 0
        }
        return PunktScalars(text).withBuffer { buffer in
            var breaks = 0
            var lastStart = 0
            forEachSentenceBreak(buffer) { _, next in
                breaks += 1
                lastStart = next
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

    /// Calls `body(end, nextStart)` for each sentence break in order: the sentence ends at scalar
    /// offset `end` and the next starts at `nextStart` (`_slices_from_text`).
    ///
    /// Candidates are `.`, `?`, `!` followed by non-word punctuation, or by whitespace and a
    /// token. Each candidate is decided on its context: the word before it (back to the last
    /// ASCII whitespace), itself, and what follows. A candidate whose word would overlap the next
    /// candidate's is dropped, as NLTK's `_match_potential_end_contexts` does.
    private func forEachSentenceBreak(_ scalars: UnsafeBufferPointer<UInt32>, _ body: (Int, Int) -> Void) {
        var classifier = PunktContextClassifier(parameters: parameters, scalars: scalars)
        var pending: SentenceEndCandidate?
        var wordStart = 0
        var wordEnd = 0
        var position = 0
        while let candidate = Self.nextCandidate(in: scalars, from: position) {
            position = candidate.position + 1
            var start = wordStart
            var i = candidate.position
            while i > wordEnd {
                i -= 1
                if PunktCharacters.isASCIIWhitespace(scalars[i]) {
                    // NLTK treats whitespace at the very start of the searched text as "none found".
                    if i > wordEnd { start = i + 1 }
                    break
                }
            }
            if let previous = pending, wordEnd <= start {
                decide(previous, from: wordStart, classifier: &classifier, body)
            }
            pending = candidate
            wordStart = start
            wordEnd = candidate.position
        }
        if let previous = pending { decide(previous, from: wordStart, classifier: &classifier, body) }
    }

    @inline(__always)
    private func decide(
        _ candidate: SentenceEndCandidate, from contextStart: Int,
        classifier: inout PunktContextClassifier, _ body: (Int, Int) -> Void
    ) {
        if classifier.containsSentenceBreak(contextStart..<candidate.contextEnd) {
            body(candidate.position + 1, candidate.nextTokenStart ?? candidate.position + 1)
        }
    }

    /// A `.`, `?` or `!` that may end a sentence (a match of NLTK's period-context regex).
    private struct SentenceEndCandidate {
        /// The offset of the sentence-end character.
        var position: Int
        /// The end of its context: past the following punctuation or the following token.
        var contextEnd: Int
        /// Where the following token starts, when whitespace and a token follow.
        var nextTokenStart: Int?
    }

    /// The first candidate at or after `start`: a sentence-end character followed by non-word
    /// punctuation, or by `\s+` and then `\S+`.
    private static func nextCandidate(in scalars: UnsafeBufferPointer<UInt32>, from start: Int) -> SentenceEndCandidate? {
        let count = scalars.count
        var i = start
        while i + 1 < count {
            defer { i += 1 }
            guard PunktCharacters.isSentenceEnd(scalars[i]) else { continue }
            let next = scalars[i + 1]
            if PunktCharacters.isNonWord(next) {
                return SentenceEndCandidate(position: i, contextEnd: i + 2, nextTokenStart: nil)
            }
            guard PunktCharacters.isRegexSpace(next) else { continue }
            var tokenStart = i + 2
            while tokenStart < count, PunktCharacters.isRegexSpace(scalars[tokenStart]) { tokenStart += 1 }
            guard tokenStart < count else { return nil }
            var tokenEnd = tokenStart + 1
            while tokenEnd < count, !PunktCharacters.isRegexSpace(scalars[tokenEnd]) { tokenEnd += 1 }
            return SentenceEndCandidate(position: i, contextEnd: tokenEnd, nextTokenStart: tokenStart)
        }
        return nil
    }

    /// The sentence slices before realignment: one per break, then the rest of the text up to
    /// its trailing whitespace.
    private func sentenceSlices(_ scalars: UnsafeBufferPointer<UInt32>) -> [Range<Int>] {
        var slices: [Range<Int>] = []
        var lastBreak = 0
        forEachSentenceBreak(scalars) { end, next in
            slices.append(lastBreak..<end)
            lastBreak = next
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
