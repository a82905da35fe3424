/// A token of Punkt's word tokenizer: a range of scalar offsets into the text being split, with
/// the annotations of the first pass.
struct PunktToken {
    /// The offset of the token's first scalar.
    var start: Int
    /// The offset just past the token's last scalar.
    var end: Int
    /// Whether the token ends a sentence (first pass: `.`, `?`, `!`, or a word ending in a period
    /// that is not an abbreviation).
    var isSentenceBreak = false
    /// Whether the token is a known abbreviation followed by its period.
    var isAbbreviation = false
    /// Whether the token is two or more periods.
    var isEllipsis = false

    init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }
}

/// Punkt's word tokenizer (`PunktBaseClass._tokenize_words` with `PunktLanguageVars.word_tokenize`):
/// splits text into words, keeping periods attached but splitting off other punctuation.
///
/// For each line (text between `\n`) that has a non-whitespace character, it takes, at each
/// position, the first of: multi-character punctuation (`--…`, `..…`, `. . .`); a word that does
/// not start with ``(`"{[:;&#*@)}]-,`` and runs lazily to the first word end; any one
/// non-whitespace character. A word ends before whitespace, the end of the line, non-word
/// punctuation, multi-character punctuation, or a comma that is itself followed by one of those.
enum PunktWordTokenizer {
    /// Appends the tokens of `scalars[range]` to `tokens`.
    static func tokenize(_ scalars: UnsafeBufferPointer<UInt32>, _ range: Range<Int>, into tokens: inout [PunktToken]) {
        var lineStart = range.lowerBound
        while lineStart <= range.upperBound {
            var lineEnd = lineStart
            while lineEnd < range.upperBound, scalars[lineEnd] != 0x0A { lineEnd += 1 }
            tokenizeLine(scalars, lineStart, lineEnd, into: &tokens)
            lineStart = lineEnd + 1
        }
    }

    /// Appends the tokens of one line, `scalars[start..<end]`; none if the line is all
    /// whitespace for `str.strip()` (which, unlike the regex, counts U+001C–U+001F as space).
    private static func tokenizeLine(
        _ scalars: UnsafeBufferPointer<UInt32>, _ start: Int, _ end: Int, into tokens: inout [PunktToken]
    ) {
        guard (start..<end).contains(where: { !PunktCharacters.isPythonSpace(scalars[$0]) }) else { return }
        var p = start
        while p < end {
            let c = scalars[p]
            if PunktCharacters.isRegexSpace(c) {
                p += 1
                continue
            }
            var tokenEnd = p + 1
            if let multiEnd = multiCharacterPunctuationEnd(scalars, at: p, lineEnd: end) {
                tokenEnd = multiEnd
            } else if !PunktCharacters.cannotStartWord(c) {
                while tokenEnd < end, !isWordEnd(scalars, at: tokenEnd, lineEnd: end) { tokenEnd += 1 }
            }
            tokens.append(PunktToken(start: p, end: tokenEnd))
            p = tokenEnd
        }
    }

    /// Where multi-character punctuation starting at `p` ends: `-{2,}`, `\.{2,}` or
    /// `(?:\.\s){2,}\.`, all greedy; `nil` if none starts there.
    @inline(__always)
    static func multiCharacterPunctuationEnd(_ scalars: UnsafeBufferPointer<UInt32>, at p: Int, lineEnd: Int) -> Int? {
        let c = scalars[p]
        guard c == 0x2D || c == 0x2E, p + 1 < lineEnd else { return nil }
        let next = scalars[p + 1]
        if next == c {
            var end = p + 2
            while end < lineEnd, scalars[end] == c { end += 1 }
            return end
        }
        guard c == 0x2E, PunktCharacters.isRegexSpace(next) else { return nil }
        var pairs = 0
        var j = p
        while j + 1 < lineEnd, scalars[j] == 0x2E, PunktCharacters.isRegexSpace(scalars[j + 1]) {
            pairs += 1
            j += 2
        }
        if pairs >= 2, j < lineEnd, scalars[j] == 0x2E { return j + 1 }
        // Backtrack one pair: its period closes the match.
        if pairs >= 3 { return j - 1 }
        return nil
    }

    /// Whether a word that has reached offset `q` (`q > start`) ends there.
    @inline(__always)
    private static func isWordEnd(_ scalars: UnsafeBufferPointer<UInt32>, at q: Int, lineEnd: Int) -> Bool {
        let c = scalars[q]
        if PunktCharacters.isRegexSpace(c) || PunktCharacters.isNonWord(c) { return true }
        if c == 0x2D || c == 0x2E { return multiCharacterPunctuationEnd(scalars, at: q, lineEnd: lineEnd) != nil }
        guard c == 0x2C else { return false }
        let after = q + 1
        if after == lineEnd { return true }
        let d = scalars[after]
        return PunktCharacters.isRegexSpace(d) || PunktCharacters.isNonWord(d)
            || multiCharacterPunctuationEnd(scalars, at: after, lineEnd: lineEnd) != nil
    }
}
