import CorpusCore
import CorpusFilters
import CorpusNormalize

/// Paragraph dedup as cc_net does it: every line (paragraph) of the corpus is hashed after key
/// normalization (lowercase, digits to 0, punctuation removed, accents stripped, whitespace
/// collapsed; XXH3-128), and only its first occurrence in corpus order (smallest ordinal, then
/// line index) stays. Later copies go, in the same document or any other
/// (`paragraphs/duplicate`).
///
/// Lines are `text.split("\n")`. Blank lines (only whitespace) are never deduplicated and stay,
/// and so do lines shorter than `minimumLineLength` characters (Unicode scalars, after
/// stripping); cc_net deduplicates every line, which is the default 0. A document left with no
/// non-blank line (a blank one too) is removed (`paragraphs_empty`), naming no duplicate since
/// its lines may come from many documents.
public struct ParagraphDedup: DedupMethod {
    /// One occurrence of a line: its key and where it is.
    public struct Signature: SortRecord {
        var key: Digest128
        var ordinal: UInt64
        var lineIndex: UInt64

        public var partitionHash: UInt64 { key.high }

        public static func < (a: Self, b: Self) -> Bool {
            (a.key, a.ordinal, a.lineIndex) < (b.key, b.ordinal, b.lineIndex)
        }
    }

    /// Lines shorter than this (Unicode scalars after stripping) are always kept.
    public let minimumLineLength: Int
    private let normalizer = KeyNormalizer()

    /// Paragraph dedup; `minimumLineLength` 0 deduplicates every non-blank line, as cc_net.
    public init(minimumLineLength: Int = 0) {
        self.minimumLineLength = minimumLineLength
    }

    public var name: String { "paragraphs" }

    public func signatures(of document: Document, ordinal: DocumentOrdinal) -> [Signature] {
        var records: [Signature] = []
        for (index, line) in C4LineDedup.lines(of: document.text).enumerated() where isDeduplicated(line) {
            records.append(Signature(key: Hashing.xxh128(normalizer.keyBytes(line)), ordinal: ordinal.rawValue, lineIndex: UInt64(index)))
        }
        return records
    }

    public func makeReducer() -> Reducer { Reducer() }

    public func apply(_ decisions: [Decision], to document: inout Document, details: inout Tally) -> DedupVerdict {
        guard !decisions.isEmpty else {
            if PythonText.strip(Substring(document.text)).isEmpty {
                return .remove(reason: "paragraphs_empty", duplicateOf: nil)
            }
            details.add("paragraphs/kept", document.text.utf8.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 })
            return .keep
        }
        // Decisions come sorted by line index: one per later copy of a line.
        let removed = Set(decisions.map(\.item))
        var kept: [Substring] = []
        var content = false
        for (index, line) in C4LineDedup.lines(of: document.text).enumerated() where !removed.contains(UInt64(index)) {
            kept.append(line)
            if !content && !PythonText.strip(line).isEmpty { content = true }
        }
        details.add("paragraphs/duplicate", removed.count)
        details.add("paragraphs/kept", kept.count)
        guard content else { return .remove(reason: "paragraphs_empty", duplicateOf: nil) }
        document.text = kept.joined(separator: "\n")
        return .keep
    }

    /// Whether `line` takes part in dedup: not blank, and long enough.
    private func isDeduplicated(_ line: Substring) -> Bool {
        let stripped = PythonText.strip(line)
        guard !stripped.isEmpty else { return false }
        return minimumLineLength == 0 || stripped.unicodeScalars.count >= minimumLineLength
    }

    /// Reads each key's occurrences in corpus order and removes all but the first.
    public struct Reducer: DedupReducer {
        private var keys = 0
        private var occurrences = 0
        private var removed = 0

        public mutating func reduce(_ records: inout MergedPartition<Signature>, into decisions: ExternalSorter<Decision>) throws(DedupError) {
            var first: Signature? = nil
            while let record = try records.next() {
                occurrences += 1
                if let head = first, head.key == record.key {
                    removed += 1
                    try decisions.append(Decision(subject: DocumentOrdinal(rawValue: record.ordinal), item: Int(record.lineIndex),
                                                  reference: DocumentOrdinal(rawValue: head.ordinal)))
                    continue
                }
                first = record
                keys += 1
            }
        }

        public mutating func finish(into decisions: ExternalSorter<Decision>, catalog: DocumentCatalog) throws(DedupError) -> String {
            "\"line_occurrences\":\(occurrences),\"line_keys\":\(keys),\"duplicates\":\(removed)"
        }
    }
}
