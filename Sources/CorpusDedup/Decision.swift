/// What a dedup method decided about one document (or one line of it), sorted by document so
/// the filter pass meets each document's decisions as it streams the input.
public struct Decision: SortRecord, CustomStringConvertible {
    /// The document the decision is about (a `DocumentOrdinal` raw value).
    public var subject: UInt64
    /// Which part of the document: a line index for line methods, 0 for whole documents.
    public var item: UInt64
    /// The document it duplicates (a `DocumentOrdinal` raw value), or `Decision.none`.
    public var reference: UInt64
    /// Method-specific detail, such as the size of the duplicate cluster.
    public var detail: UInt64

    /// The `reference` of a decision that duplicates no one document.
    public static let none = UInt64.max

    /// A decision about `subject`.
    public init(subject: DocumentOrdinal, item: Int = 0, reference: DocumentOrdinal? = nil, detail: UInt64 = 0) {
        self.subject = subject.rawValue
        self.item = UInt64(item)
        self.reference = reference?.rawValue ?? Decision.none
        self.detail = detail
    }

    /// The document the decision is about.
    public var subjectOrdinal: DocumentOrdinal { DocumentOrdinal(rawValue: subject) }
    /// The document this one duplicates, if the method names one.
    public var referenceOrdinal: DocumentOrdinal? { reference == Decision.none ? nil : DocumentOrdinal(rawValue: reference) }

    public var partitionHash: UInt64 { 0 }

    public static func < (a: Self, b: Self) -> Bool {
        (a.subject, a.item, a.reference, a.detail) < (b.subject, b.item, b.reference, b.detail)
    }

    public var description: String {
        "Decision(\(subjectOrdinal), item \(item), reference \(referenceOrdinal.map { "\($0)" } ?? "none"), detail \(detail))"
    }
}
