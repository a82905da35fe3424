/// A sentence break: the sentence ends at scalar offset `end`, the next one starts at `nextStart`
/// (after the whitespace that follows, or right at `end` when punctuation follows).
struct PunktSentenceBreak {
    /// The offset just past the `.`, `?` or `!`.
    var end: Int
    /// Where the next sentence starts.
    var nextStart: Int
}

/// Finds the sentence breaks of a text in order (NLTK's `_match_potential_end_contexts` and
/// `_slices_from_text`).
///
/// Candidates are `.`, `?`, `!` followed by non-word punctuation, or by whitespace and a token.
/// Each is decided on its context: the word before it (back to the last ASCII whitespace),
/// itself, and what follows. A candidate whose word would overlap the next candidate's word is
/// dropped, and the next candidate's context then reaches back over it, as in NLTK.
struct PunktBreakFinder {
    private let scalars: UnsafeBufferPointer<UInt32>
    private var classifier: PunktContextClassifier
    /// The candidate whose fate waits on the next candidate.
    private var pending: Candidate?
    /// The word before `pending`: where its context starts, and `pending`'s offset.
    private var wordStart = 0
    private var wordEnd = 0
    /// Where the search for the next candidate resumes.
    private var position = 0

    /// A finder over `scalars` with the model in `parameters`.
    init(parameters: PunktParameters, scalars: UnsafeBufferPointer<UInt32>) {
        self.scalars = scalars
        classifier = PunktContextClassifier(parameters: parameters, scalars: scalars)
    }

    /// The next sentence break, or `nil` when there are no more.
    mutating func next() -> PunktSentenceBreak? {
        while let candidate = nextCandidate() {
            position = candidate.position + 1
            let start = startOfWord(before: candidate.position)
            let previous = pending
            let previousStart = wordStart
            pending = candidate
            wordStart = start
            let overlaps = wordEnd > start
            wordEnd = candidate.position
            if let previous, !overlaps, let found = decide(previous, contextStart: previousStart) { return found }
        }
        guard let last = pending else { return nil }
        pending = nil
        return decide(last, contextStart: wordStart)
    }

    /// Where the word before the candidate at `position` starts: after the last ASCII whitespace
    /// since the previous candidate; else where the previous candidate's word started. (NLTK
    /// also takes the second branch when that whitespace is the very first character searched.)
    @inline(__always)
    private func startOfWord(before position: Int) -> Int {
        var i = position
        while i > wordEnd {
            i -= 1
            if PunktCharacters.isASCIIWhitespace(scalars[i]) { return i > wordEnd ? i + 1 : wordStart }
        }
        return wordStart
    }

    @inline(__always)
    private mutating func decide(_ candidate: Candidate, contextStart: Int) -> PunktSentenceBreak? {
        guard classifier.containsSentenceBreak(contextStart..<candidate.contextEnd) else { return nil }
        return PunktSentenceBreak(end: candidate.position + 1, nextStart: candidate.nextTokenStart)
    }

    /// A `.`, `?` or `!` that may end a sentence (a match of NLTK's period-context regex).
    private struct Candidate {
        /// The offset of the sentence-end character.
        var position: Int
        /// The end of its context: past the following punctuation or the following token.
        var contextEnd: Int
        /// Where the next sentence would start: the following token, or the punctuation.
        var nextTokenStart: Int
    }

    /// The first candidate at or after `position`: a sentence-end character followed by non-word
    /// punctuation, or by `\s+` and then `\S+`.
    private func nextCandidate() -> Candidate? {
        let count = scalars.count
        var i = position
        while i + 1 < count {
            defer { i += 1 }
            guard PunktCharacters.isSentenceEnd(scalars[i]) else { continue }
            let next = scalars[i + 1]
            if PunktCharacters.isNonWord(next) {
                return Candidate(position: i, contextEnd: i + 2, nextTokenStart: i + 1)
            }
            guard PunktCharacters.isRegexSpace(next) else { continue }
            var tokenStart = i + 2
            while tokenStart < count, PunktCharacters.isRegexSpace(scalars[tokenStart]) { tokenStart += 1 }
            // Only whitespace follows: no later candidate either.
            guard tokenStart < count else { return nil }
            var tokenEnd = tokenStart + 1
            while tokenEnd < count, !PunktCharacters.isRegexSpace(scalars[tokenEnd]) { tokenEnd += 1 }
            return Candidate(position: i, contextEnd: tokenEnd, nextTokenStart: tokenStart)
        }
        return nil
    }
}
