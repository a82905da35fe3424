/// The words of a text as datatrove 0.10.1 counts them for English: the tokens of spaCy 3.8's
/// blank English tokenizer (`split_into_words(text, "en")`), whitespace tokens removed.
///
/// spaCy's algorithm, reproduced on code points: the text is cut into chunks at Python
/// whitespace (`str.isspace`); a chunk that is a tokenizer exception (`don't` → `do` `n't`) is
/// replaced by its tokens; otherwise prefixes (`(`, `"`, `$`...) and suffixes (`)`, `.`, `'s`,
/// units after a digit...) are peeled off in turn, stopping early at an exception; what is left
/// is an exception, a URL (kept whole), or is split at infixes (`-` between letters, `,` between
/// letters, `...`, symbols). Finally exceptions that affix splitting broke apart (`:)` split into
/// `:` `)`) are put back together, as spaCy's special-case matcher does.
public struct EnglishWordSplitter: Sendable {
    /// The words of a text: its code points and each word's range in them.
    public struct Words: Sendable {
        /// The text as code points (Python's `str` indexing).
        public let scalars: [Unicode.Scalar]
        /// Each word's range in `scalars`, in text order. Words never contain whitespace.
        public let ranges: [Range<Int>]

        /// The words as strings.
        public var strings: [String] {
            ranges.map { range in
                var word = String.UnicodeScalarView()
                word.append(contentsOf: scalars[range])
                return String(word)
            }
        }
    }

    /// A splitter with its tables built, shared because building them takes a few milliseconds.
    public static let shared = EnglishWordSplitter()

    private let chunks: SpacyChunkTokenizer
    private let matcher: SpacySpecialMatcher

    /// Builds the tables; prefer `shared`.
    public init() {
        chunks = SpacyChunkTokenizer()
        matcher = SpacySpecialMatcher(chunks: chunks)
    }

    /// The words of `text`.
    public func words(in text: String) -> Words {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.utf8.count)
        scalars.append(contentsOf: text.unicodeScalars)
        return words(inScalars: scalars)
    }

    /// The words of a text already held as code points.
    public func words(inScalars scalars: [Unicode.Scalar]) -> Words {
        Words(scalars: scalars, ranges: scalars.withUnsafeBufferPointer { split($0) })
    }

    /// The words of `text` as strings (convenient for tests and small texts).
    public func strings(in text: String) -> [String] { words(in: text).strings }

    private func split(_ s: UnsafeBufferPointer<Unicode.Scalar>) -> [Range<Int>] {
        var scratch = ChunkScratch()
        var tokens: [Range<Int>] = []
        var links: [TokenLink] = []
        var i = 0
        var isFirstChunk = true
        while i < s.count {
            let gapStart = i
            while i < s.count, PythonText.isSpace(s[i]) { i += 1 }
            guard i < s.count else { break }
            let link: TokenLink = isFirstChunk || (i - gapStart == 1 && s[gapStart] == " ") ? .afterSingleSpace : .afterOtherWhitespace
            isFirstChunk = false
            let start = i
            while i < s.count, !PythonText.isSpace(s[i]) { i += 1 }
            let before = tokens.count
            chunks.tokenize(s, start, i, withSpecialCases: true, scratch: &scratch, into: &tokens)
            links.append(link)
            for _ in (before + 1)..<max(before + 1, tokens.count) { links.append(.sameChunk) }
        }
        return matcher.apply(to: tokens, links: links, in: s)
    }
}

/// How a token is joined to the one before it, which decides whether the special-case matcher
/// may match across them.
enum TokenLink: UInt8, Sendable {
    /// Both come from the same whitespace-free chunk.
    case sameChunk
    /// Exactly one U+0020 space lies between them (spaCy keeps no token for it).
    case afterSingleSpace
    /// Other whitespace lies between them (spaCy makes a whitespace token that breaks matches).
    case afterOtherWhitespace
}

/// Reusable buffers for tokenizing one chunk.
struct ChunkScratch {
    /// Prefixes peeled off, in order.
    var prefixes: [Range<Int>] = []
    /// Suffixes peeled off, outermost first.
    var suffixes: [Range<Int>] = []
    /// Infix matches of the current chunk.
    var infixes: [Range<Int>] = []
}
