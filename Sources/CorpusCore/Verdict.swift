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
