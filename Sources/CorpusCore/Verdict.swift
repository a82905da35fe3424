/// What a stage decided about one document: keep it, or drop it and say why.
public enum Verdict: Sendable, Equatable {
    /// The document goes on to the next stage.
    case keep
    /// The document stops here; `reason` is a short snake_case name such as `too_short`, used as
    /// a counter key and in exclusion files.
    case drop(reason: String)
}

/// A stage that judges documents one at a time; the driver counts, times and records drops.
public protocol DocumentFilter: Sendable {
    /// The name used in statistics and reports ("c4_quality", "gopher_repetition").
    var name: String { get }
    /// Judges one document. May rewrite it (cleaning stages trim lines) before keeping it.
    func apply(to document: inout Document) -> Verdict
}

/// A filter that also counts what it did inside a document (lines removed by reason, spans
/// masked), beyond its verdict. The driver merges `details` into the run's statistics.
public protocol DetailedDocumentFilter: DocumentFilter {
    /// Judges one document like `apply(to:)`, adding counts to `details` ("lines/too_short").
    func apply(to document: inout Document, details: inout Tally) -> Verdict
}

extension DetailedDocumentFilter {
    /// Judges one document, discarding the detail counts.
    public func apply(to document: inout Document) -> Verdict {
        var details = Tally()
        return apply(to: &document, details: &details)
    }
}
