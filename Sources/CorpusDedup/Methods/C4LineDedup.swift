import CorpusCore
import CorpusFilters

/// C4's line dedup, as tensorflow-datasets `c4_utils.remove_duplicate_text` does it.
///
/// Each line of `text.split("\n")` is keyed by `md5(line.strip().lower())` (Python's `strip` and
/// `lower`). Across the corpus, the page whose URL has the smallest MD5 hex digest keeps a key;
/// every other page loses its lines with that key (`lines/global_duplicate`). Within a page only
/// the first line with a key survives (`lines/local_duplicate`). Kept lines are joined with
/// `"\n"`, not stripped. A page left empty is removed (`lines_empty`), and so is one whose
/// rejoined text has fewer than `minimumSentences` Punkt sentences (`lines_too_few_sentences`).
///
/// The URL is `document.url`, or the document id when there is none (as the C4 oracle does).
/// The reference forbids two pages with one URL (it dedups URLs first); here such pages tie
/// and the first in corpus order keeps the line. Removed pages duplicate no single document,
/// so their removal names none.
public struct C4LineDedup: DedupMethod {
    /// One occurrence of a line: its key, the page's URL hash, and where it is.
    public struct Signature: SortRecord {
        var lineKey: Digest128
        var urlKey: Digest128
        var ordinal: UInt64
        var lineIndex: UInt64

        public var partitionHash: UInt64 { lineKey.high }

        public static func < (a: Self, b: Self) -> Bool {
            (a.lineKey, a.urlKey, a.ordinal, a.lineIndex) < (b.lineKey, b.urlKey, b.ordinal, b.lineIndex)
        }
    }

    /// The sentence splitter for the final check.
    public let punkt: PunktSentenceSplitter
    /// Pages with fewer sentences after dedup are removed; 0 keeps every non-empty page.
    public let minimumSentences: Int

    /// Line dedup with the sentence check of C4 (`min_num_sentences`, 3 in C4).
    public init(punkt: PunktSentenceSplitter, minimumSentences: Int = 3) {
        self.punkt = punkt
        self.minimumSentences = minimumSentences
    }

    /// The method as the registry makes it: Punkt from `options.punktDirectory`.
    static func make(_ options: DedupMethodOptions) throws(DedupError) -> C4LineDedup {
        guard let directory = options.punktDirectory else {
            throw .invalidOption("the lines method needs the Punkt model folder Filters/punkt-english; pass --filters-dir or set CORPUS_FILTERS")
        }
        do throws(FilterConfigurationError) {
            return C4LineDedup(punkt: PunktSentenceSplitter(parameters: try PunktParameters(directory: directory)))
        } catch {
            guard case .dataFile(let path, let reason) = error else { throw .cannotRead(path: directory, reason: error.description) }
            throw .cannotRead(path: path, reason: reason)
        }
    }

    public var name: String { "lines" }

    public func signatures(of document: Document, ordinal: DocumentOrdinal) -> [Signature] {
        let urlKey = Hashing.md5(Self.url(of: document))
        return Self.lines(of: document.text).enumerated().map { index, line in
            Signature(lineKey: Self.key(line), urlKey: urlKey, ordinal: ordinal.rawValue, lineIndex: UInt64(index))
        }
    }

    public func makeReducer() -> Reducer { Reducer() }

    public func apply(_ decisions: [Decision], to document: inout Document, details: inout Tally) -> DedupVerdict {
        // Decisions come sorted by line index: one per line another page keeps.
        var next = decisions.startIndex
        var seen = Set<Digest128>()
        var kept: [Substring] = []
        var global = 0
        var local = 0
        for (index, line) in Self.lines(of: document.text).enumerated() {
            while next < decisions.endIndex, decisions[next].item < UInt64(index) { next += 1 }
            if next < decisions.endIndex, decisions[next].item == UInt64(index) {
                global += 1
            } else if !seen.insert(Self.key(line)).inserted {
                local += 1
            } else {
                kept.append(line)
            }
        }
        details.add("lines/global_duplicate", global)
        details.add("lines/local_duplicate", local)
        details.add("lines/kept", kept.count)
        let text = kept.joined(separator: "\n")
        if text.isEmpty { return .remove(reason: "lines_empty", duplicateOf: nil) }
        if minimumSentences > 0 && punkt.sentenceCount(in: Substring(text)) < minimumSentences {
            return .remove(reason: "lines_too_few_sentences", duplicateOf: nil)
        }
        if global + local > 0 { document.text = text }
        return .keep
    }

    /// The URL whose MD5 ranks a page: its URL, else its id.
    static func url(of document: Document) -> String {
        if let url = document.url, !url.isEmpty { return url }
        return document.id
    }

    /// `text.split("\n")`: split at LF bytes only (a CR LF pair is one `Character` in Swift, so
    /// splitting characters would not match Python), keeping empty lines.
    static func lines(of text: String) -> [Substring] {
        text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
    }

    /// `md5(line.strip().lower())`.
    static func key(_ line: Substring) -> Digest128 {
        Hashing.md5(PythonLowercase.lowered(String(PythonText.strip(line))))
    }

    /// Reads each line key's occurrences, best URL first, and removes the key from every
    /// other page.
    public struct Reducer: DedupReducer {
        private var keys = 0
        private var sharedKeys = 0
        private var occurrences = 0
        private var removed = 0

        public mutating func reduce(_ records: inout MergedPartition<Signature>, into decisions: ExternalSorter<Decision>) throws(DedupError) {
            var winner: Signature? = nil
            var shared = false
            while let record = try records.next() {
                occurrences += 1
                if let head = winner, head.lineKey == record.lineKey {
                    guard record.ordinal != head.ordinal else { continue }
                    if !shared { sharedKeys += 1 }
                    shared = true
                    removed += 1
                    try decisions.append(Decision(subject: DocumentOrdinal(rawValue: record.ordinal), item: Int(record.lineIndex)))
                    continue
                }
                winner = record
                shared = false
                keys += 1
            }
        }

        public mutating func finish(into decisions: ExternalSorter<Decision>, catalog: DocumentCatalog) throws(DedupError) -> String {
            "\"line_occurrences\":\(occurrences),\"line_keys\":\(keys),\"shared_line_keys\":\(sharedKeys),"
                + "\"global_duplicates\":\(removed)"
        }
    }
}
