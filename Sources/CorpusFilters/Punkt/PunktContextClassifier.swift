/// Decides whether the text around one candidate sentence end holds a sentence break
/// (NLTK's `text_contains_sentbreak`): tokenizes it, annotates each token by its type (first
/// pass), revises each period-final token by the token after it (second pass: collocations,
/// orthographic heuristic, frequent sentence starters, initials and numbers), and answers whether
/// any token but the last ends a sentence.
///
/// One classifier serves one text: it borrows the text's scalars and keeps scratch buffers.
struct PunktContextClassifier {
    private let tables: PunktModelTables
    private let scalars: UnsafeBufferPointer<UInt32>
    private var tokens: [PunktToken] = []
    /// The type of the token before the period being decided, then the collocation key.
    private var typeBytes: [UInt8] = []
    /// The type of the token after it.
    private var nextTypeBytes: [UInt8] = []

    /// The type every number-like token gets ("5.", "1,000", "-3.5").
    private static let numberType = Array("##number##".utf8)

    init(parameters: PunktParameters, scalars: UnsafeBufferPointer<UInt32>) {
        tables = parameters.tables
        self.scalars = scalars
        tokens.reserveCapacity(8)
        typeBytes.reserveCapacity(64)
        nextTypeBytes.reserveCapacity(64)
    }

    /// Whether `scalars[range]` contains a sentence break before its last token.
    mutating func containsSentenceBreak(_ range: Range<Int>) -> Bool {
        tokens.removeAll(keepingCapacity: true)
        PunktWordTokenizer.tokenize(scalars, range, into: &tokens)
        guard tokens.count >= 2 else { return false }
        for index in tokens.indices { tokens[index] = annotatedByType(tokens[index]) }
        for index in 0..<(tokens.count - 1) where isSentenceBreak(tokens[index], before: tokens[index + 1]) {
            return true
        }
        return false
    }

    /// First pass: `.`, `?` and `!` end sentences, runs of periods are ellipses, and a word
    /// ending in one period is an abbreviation if it (or its last hyphen-separated part) is a
    /// known one, and otherwise ends a sentence.
    private mutating func annotatedByType(_ token: PunktToken) -> PunktToken {
        var token = token
        let length = token.end - token.start
        let last = scalars[token.end - 1]
        if length == 1, PunktCharacters.isSentenceEnd(last) {
            token.isSentenceBreak = true
        } else if length >= 2, (token.start..<token.end).allSatisfy({ scalars[$0] == 0x2E }) {
            token.isEllipsis = true
        } else if last == 0x2E, !(length >= 2 && scalars[token.end - 2] == 0x2E) {
            typeBytes.removeAll(keepingCapacity: true)
            PunktCharacters.appendPythonLowercase(of: scalars, range: token.start..<(token.end - 1), to: &typeBytes)
            let known = typeBytes.withUnsafeBufferPointer { word in
                if tables.abbreviations.contains(word) { return true }
                guard let hyphen = word.lastIndex(of: 0x2D) else { return false }
                return tables.abbreviations.contains(UnsafeBufferPointer(rebasing: word[(hyphen + 1)...]))
            }
            if known { token.isAbbreviation = true } else { token.isSentenceBreak = true }
        }
        return token
    }

    /// Second pass: whether `token` ends a sentence, given the token after it.
    private mutating func isSentenceBreak(_ token: PunktToken, before next: PunktToken) -> Bool {
        guard scalars[token.end - 1] == 0x2E else { return token.isSentenceBreak }
        writeType(of: token, dropFinalPeriod: true, into: &typeBytes)
        let isNumber = typeBytes == Self.numberType
        let isInitial = token.end - token.start == 2 && PunktCharacters.isRegexLetter(scalars[token.start])
        let isAbbreviationLike = (token.isAbbreviation || token.isEllipsis) && !isInitial
        let mayCollocate = typeBytes.withUnsafeBufferPointer { tables.collocationFirstTypes.contains($0) }
        // Only these cases look at the next token; most period-final words keep their first-pass verdict.
        guard mayCollocate || isAbbreviationLike || isInitial || isNumber else { return token.isSentenceBreak }
        writeType(of: next, dropFinalPeriod: next.isSentenceBreak, into: &nextTypeBytes)

        // A known collocation ("J. Walter", "5. International") never breaks.
        if mayCollocate {
            typeBytes.append(0xFF)
            typeBytes.append(contentsOf: nextTypeBytes)
            if typeBytes.withUnsafeBufferPointer({ tables.collocations.contains($0) }) { return false }
        }
        let nextStartsUpper = PunktCharacters.isPythonUpper(scalars[next.start])
        let nextContext = nextTypeBytes.withUnsafeBufferPointer { tables.orthographicContext.value(for: $0) } ?? 0
        if isAbbreviationLike {
            if orthographicEvidence(next, context: nextContext) == .startsSentence { return true }
            if nextStartsUpper, nextTypeBytes.withUnsafeBufferPointer({ tables.sentenceStarters.contains($0) }) {
                return true
            }
        }
        if isInitial || isNumber {
            let evidence = orthographicEvidence(next, context: nextContext)
            if evidence == .continuesSentence { return false }
            if evidence == .unknown, isInitial, nextStartsUpper, nextContext & OrthographicContext.lower == 0 {
                return false
            }
        }
        return token.isSentenceBreak
    }

    /// What the case of a word's first letter says about whether it starts a sentence.
    private enum OrthographicEvidence { case startsSentence, continuesSentence, unknown }

    /// The orthographic heuristic: punctuation never starts a sentence; a capitalized word seen in
    /// lower case but never capitalized mid-sentence does; a lower-case word seen capitalized, or
    /// never seen in lower case at a sentence start, does not.
    private func orthographicEvidence(_ token: PunktToken, context: Int32) -> OrthographicEvidence {
        let first = scalars[token.start]
        if token.end - token.start == 1 {
            switch first {
            case 0x3B, 0x3A, 0x2C, 0x2E, 0x21, 0x3F: return .continuesSentence
            default: break
            }
        }
        if PunktCharacters.isPythonUpper(first),
           context & OrthographicContext.lower != 0, context & OrthographicContext.middleUpper == 0 {
            return .startsSentence
        }
        if PunktCharacters.isPythonLower(first),
           context & OrthographicContext.upper != 0 || context & OrthographicContext.beginLower == 0 {
            return .continuesSentence
        }
        return .unknown
    }

    /// Writes the token's type into `bytes`: "##number##" for number-like tokens, otherwise the
    /// token lower-cased as Python's `str.lower()` does; without its final period if asked and
    /// the type is longer than one character.
    private func writeType(of token: PunktToken, dropFinalPeriod: Bool, into bytes: inout [UInt8]) {
        bytes.removeAll(keepingCapacity: true)
        if isNumberLike(token) {
            bytes.append(contentsOf: Self.numberType)
            return
        }
        let length = PunktCharacters.appendPythonLowercase(of: scalars, range: token.start..<token.end, to: &bytes)
        if dropFinalPeriod, length > 1, bytes.last == 0x2E { bytes.removeLast() }
    }

    /// Whether the token matches `^-?[\.,]?\d[\d,\.-]*\.?$` (lower-casing never changes that).
    private func isNumberLike(_ token: PunktToken) -> Bool {
        var i = token.start
        if scalars[i] == 0x2D { i += 1 }
        if i < token.end, scalars[i] == 0x2E || scalars[i] == 0x2C { i += 1 }
        guard i < token.end, PunktCharacters.isRegexDigit(scalars[i]) else { return false }
        i += 1
        while i < token.end {
            let c = scalars[i]
            guard c == 0x2C || c == 0x2E || c == 0x2D || PunktCharacters.isRegexDigit(c) else { return false }
            i += 1
        }
        return true
    }
}
