import CorpusCore
import CorpusNormalize

/// What a chain of stages made of one document.
public struct FilterOutcome: Sendable {
    /// The document as the stages left it (normalized, cleaned, tagged).
    public var document: Document
    /// The stage that dropped it and why; nil when every stage kept it.
    public var drop: (filter: String, reason: String)?
    /// Counts the stages reported about their work inside the document, keyed `filter/detail`.
    public var details: Tally
    /// The size of the document's text before any stage ran, in UTF-8 bytes.
    public var bytesIn: Int
}

/// The stages of a cleaning run in order: optional Unicode normalization, then filters.
/// The first filter that drops a document ends its run. Consecutive `AnalyzingDocumentFilter`s
/// share one `TextAnalysis` of the document, so its words are split once for all of them.
public struct FilterChain: Sendable {
    /// Normalization applied before the filters, if any.
    public let normalizer: TextNormalizer?
    /// The filters, in the order they run.
    public let filters: [any DocumentFilter]
    /// Each filter's detail-counting form, when it has one (looked up once, not per document).
    private let detailed: [(any DetailedDocumentFilter)?]
    /// Each filter's analyzing form, when it has one.
    private let analyzing: [(any AnalyzingDocumentFilter)?]

    /// Makes a chain.
    public init(normalizer: TextNormalizer?, filters: [any DocumentFilter]) {
        self.normalizer = normalizer
        self.filters = filters
        detailed = filters.map { $0 as? any DetailedDocumentFilter }
        analyzing = filters.map { $0 as? any AnalyzingDocumentFilter }
    }

    /// Runs every stage on `document`.
    public func run(_ document: Document) -> FilterOutcome {
        var outcome = FilterOutcome(document: document, drop: nil, details: Tally(), bytesIn: document.text.utf8.count)
        if let normalizer {
            do {
                let (text, report) = try normalizer.normalize(document.text)
                outcome.document.text = text
                if report.repairedSequences > 0 { outcome.details.add("normalize/repaired_utf8_sequences", report.repairedSequences) }
                if report.removedControls > 0 { outcome.details.add("normalize/removed_control_characters", report.removedControls) }
                if report.changedByUnicodeForm { outcome.details.add("normalize/documents_changed_by_\(normalizer.form.rawValue)") }
            } catch {
                outcome.drop = ("normalize", "icu_error")
                return outcome
            }
        }
        // Valid while only analyzing filters, which never rewrite the text, have run since it was made.
        var analysis: TextAnalysis?
        for index in filters.indices {
            let filter = filters[index]
            let verdict: Verdict
            if let analyzing = analyzing[index] {
                var shared = analysis.take() ?? TextAnalysis(outcome.document.text)
                verdict = analyzing.judge(&shared)
                analysis = shared
            } else if let detailed = detailed[index] {
                analysis = nil
                var details = Tally()
                verdict = detailed.apply(to: &outcome.document, details: &details)
                for (key, count) in details.sorted { outcome.details.add("\(filter.name)/\(key)", count) }
            } else {
                analysis = nil
                verdict = filter.apply(to: &outcome.document)
            }
            if case .drop(let reason) = verdict {
                outcome.drop = (filter.name, reason)
                return outcome
            }
        }
        return outcome
    }
}
