import CorpusCore

/// One way of finding duplicates, in three steps the driver runs as separate passes:
/// signatures per document (any rank, in parallel), a reduce over the sorted signatures of
/// the whole corpus that writes decisions, and applying each document's decisions.
public protocol DedupMethod: Sendable {
    /// The fixed-size record each document contributes to the global sort.
    associatedtype Signature: SortRecord
    /// The state of the reduce pass.
    associatedtype Reducer: DedupReducer where Reducer.Signature == Signature

    /// The name used on the command line, in statistics and in removal records.
    var name: String { get }

    /// The signatures of one document; called concurrently.
    func signatures(of document: Document, ordinal: DocumentOrdinal) -> [Signature]

    /// A fresh reducer for one run.
    func makeReducer() -> Reducer

    /// Applies one document's decisions (sorted; empty when none): keeps it, possibly
    /// rewritten, or removes it. Counts line-level events in `details`. Called concurrently.
    func apply(_ decisions: [Decision], to document: inout Document, details: inout Tally) -> DedupVerdict
}

/// The reduce pass of a method: reads each partition's signatures in sorted order and writes
/// decisions.
public protocol DedupReducer {
    /// The record type it reads.
    associatedtype Signature: SortRecord

    /// Consumes one partition of the sorted signatures; partitions come in order.
    mutating func reduce(_ records: inout MergedPartition<Signature>, into decisions: ExternalSorter<Decision>) throws(DedupError)

    /// Called after the last partition: methods that need the whole picture (clusters) write
    /// their decisions here. Returns statistics as JSON object members (`"key":value,...`),
    /// or an empty string; `catalog` turns ordinals into document ids for examples.
    mutating func finish(into decisions: ExternalSorter<Decision>, catalog: DocumentCatalog) throws(DedupError) -> String
}

/// What the filter pass does with a document.
public enum DedupVerdict: Sendable, Equatable {
    /// The document stays (its text may have been rewritten).
    case keep
    /// The document goes; `reason` is a snake_case name and `duplicateOf` the document it
    /// duplicates, when there is one.
    case remove(reason: String, duplicateOf: DocumentOrdinal?)

    /// The verdict of a whole-document method: removed as a duplicate of the document its
    /// (only) decision names, or kept when it has none.
    public static func removed(by decisions: [Decision], reason: String) -> DedupVerdict {
        guard let decision = decisions.first else { return .keep }
        return .remove(reason: reason, duplicateOf: decision.referenceOrdinal)
    }
}
