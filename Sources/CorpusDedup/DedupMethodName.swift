/// Settings of the methods that have any, as the command line and pipeline configs give them.
public struct DedupMethodOptions: Sendable, Equatable {
    /// MinHash bands (1...64).
    public var minhashBands = 14
    /// MinHash rows per band (1...32).
    public var minhashRows = 8
    /// Words per MinHash shingle (1...32).
    public var minhashNgram = 5
    /// The seed of MinHash's hashes and permutations.
    public var minhashSeed: UInt64 = 1

    /// `lines`: the Punkt model folder (`Filters/punkt-english`) for the sentence check.
    public var punktDirectory: String?
    /// `paragraphs`: lines shorter than this (characters after stripping) are never removed.
    public var minimumParagraphLength = 0

    /// Makes options with every method's defaults.
    public init() {}
}

/// The dedup methods by the name the command line uses, in the order a run applies them.
public enum DedupMethodName: String, CaseIterable, Sendable {
    /// Pages with the same normalized URL: the newest stays (C4).
    case url
    /// Lines repeated across pages: the page whose URL has the smallest MD5 keeps them (C4).
    case lines
    /// Lines seen earlier in the corpus, after key normalization (cc_net).
    case paragraphs
    /// Documents with the same key-normalized text.
    case exact
    /// Near-duplicates by MinHash LSH: the first of each cluster stays.
    case minhash

    /// The method with `options`, checked.
    public func make(_ options: DedupMethodOptions) throws(DedupError) -> any DedupMethod {
        switch self {
        case .url: return URLDedup()
        case .lines: return try C4LineDedup.make(options)
        case .paragraphs:
            guard options.minimumParagraphLength >= 0 else { throw .invalidOption("the minimum paragraph length must be at least 0") }
            return ParagraphDedup(minimumLineLength: options.minimumParagraphLength)
        case .exact: return ExactDedup()
        case .minhash:
            return try MinHashDedup(bands: options.minhashBands, rows: options.minhashRows,
                                    ngramSize: options.minhashNgram, seed: options.minhashSeed)
        }
    }
}
