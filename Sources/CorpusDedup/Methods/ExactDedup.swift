import CorpusCore
import CorpusNormalize

/// Exact-document dedup: documents whose key-normalized texts (lowercase, digits to 0,
/// punctuation removed, accents stripped, whitespace collapsed) hash alike (XXH3-128) are
/// copies; the first in corpus order stays. Reason: `exact_duplicate`.
public struct ExactDedup: DedupMethod {
    /// One document's key hash.
    public struct Signature: SortRecord {
        var hash: Digest128
        var ordinal: UInt64
        public var partitionHash: UInt64 { hash.high }
        public static func < (a: Self, b: Self) -> Bool { (a.hash, a.ordinal) < (b.hash, b.ordinal) }
    }

    private let normalizer = KeyNormalizer()

    /// Exact dedup on key-normalized text.
    public init() {}

    public var name: String { "exact" }

    public func signatures(of document: Document, ordinal: DocumentOrdinal) -> [Signature] {
        [Signature(hash: Hashing.xxh128(normalizer.keyBytes(document.text)), ordinal: ordinal.rawValue)]
    }

    public func makeReducer() -> FirstOfGroupReducer<Signature> {
        FirstOfGroupReducer(sameGroup: { $0.hash == $1.hash }, ordinal: { $0.ordinal })
    }

    public func apply(_ decisions: [Decision], to document: inout Document, details: inout Tally) -> DedupVerdict {
        .removed(by: decisions, reason: "exact_duplicate")
    }
}

/// A reducer for methods where records with the same key form a group and the first record of
/// each group (in sort order) is the one kept: every other document of the group is removed
/// as a duplicate of it.
public struct FirstOfGroupReducer<R: SortRecord>: DedupReducer {
    let sameGroup: @Sendable (R, R) -> Bool
    let ordinal: @Sendable (R) -> UInt64
    private var statistics = ClusterStatistics()

    /// A reducer grouping by `sameGroup`, whose records belong to the document `ordinal`.
    public init(sameGroup: @escaping @Sendable (R, R) -> Bool, ordinal: @escaping @Sendable (R) -> UInt64) {
        self.sameGroup = sameGroup
        self.ordinal = ordinal
    }

    public mutating func reduce(_ records: inout MergedPartition<R>, into decisions: ExternalSorter<Decision>) throws(DedupError) {
        var first: R? = nil
        var size = 0
        var second: UInt64 = 0
        while let record = try records.next() {
            if let head = first, sameGroup(head, record) {
                size += 1
                if size == 2 { second = ordinal(record) }
                try decisions.append(Decision(subject: DocumentOrdinal(rawValue: ordinal(record)),
                                              reference: DocumentOrdinal(rawValue: ordinal(head)), detail: 0))
                continue
            }
            if let head = first { close(head, size: size, second: second) }
            first = record
            size = 1
        }
        if let head = first { close(head, size: size, second: second) }
    }

    private mutating func close(_ head: R, size: Int, second: UInt64) {
        statistics.add(size: size, keeper: DocumentOrdinal(rawValue: ordinal(head)),
                       other: size > 1 ? DocumentOrdinal(rawValue: second) : nil)
    }

    public mutating func finish(into decisions: ExternalSorter<Decision>, catalog: DocumentCatalog) throws(DedupError) -> String {
        try statistics.json(catalog: catalog)
    }
}
