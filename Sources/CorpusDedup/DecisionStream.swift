import CorpusCore

/// The decisions of one step, read in corpus order as the documents stream past.
final class DecisionStream {
    private var merged: MergedPartition<Decision>
    private var pending: Decision?

    /// Opens the decisions of a reduced step; fails if the step has not been reduced.
    init(directory: String, settings: DedupSettings) throws(DedupError) {
        let runs = filesIn(directory, prefix: "d", suffix: ".run")
        guard !runs.isEmpty else { throw .cannotRead(path: directory, reason: "no decisions; run the reduce pass of this step first") }
        merged = try MergedPartition<Decision>(runs: runs, partition: 0, chunkRecords: settings.mergeChunk(Decision.self, runs: runs.count))
        pending = try merged.next()
    }

    /// The decisions about `ordinal`; skips decisions about earlier documents (other ranks').
    func take(_ ordinal: DocumentOrdinal) throws(DedupError) -> [Decision] {
        var mine: [Decision] = []
        while let decision = pending, decision.subject <= ordinal.rawValue {
            if decision.subject == ordinal.rawValue { mine.append(decision) }
            pending = try merged.next()
        }
        return mine
    }
}

/// The decisions of several reduced steps, one stream per step, read together.
struct StepDecisions {
    private let streams: [DecisionStream]

    /// Opens the decisions of `methods`, the steps 0..<methods.count of a run.
    init(methods: [any DedupMethod], settings: DedupSettings) throws(DedupError) {
        var streams: [DecisionStream] = []
        for (step, method) in methods.enumerated() {
            streams.append(try DecisionStream(directory: settings.decisionDirectory(step, method.name), settings: settings))
        }
        self.streams = streams
    }

    /// Each step's decisions about `ordinal`, in step order.
    func take(_ ordinal: DocumentOrdinal) throws(DedupError) -> [[Decision]] {
        var decisions: [[Decision]] = []
        for stream in streams { decisions.append(try stream.take(ordinal)) }
        return decisions
    }
}

/// What the methods of the steps so far did to one document.
struct ChainOutcome: Sendable {
    var document: Document
    /// The step that removed it, why, and whom it duplicates; nil when every step kept it.
    var removal: (step: Int, reason: String, duplicateOf: DocumentOrdinal?)?
    /// Detail counts per step ("lines/global_duplicate").
    var details: [Tally]

    /// Applies `methods` in order with each one's decisions, stopping at the first removal.
    init(_ document: Document, methods: [any DedupMethod], decisions: [[Decision]]) {
        self.document = document
        details = Array(repeating: Tally(), count: methods.count)
        for (step, method) in methods.enumerated() {
            switch method.apply(decisions[step], to: &self.document, details: &details[step]) {
            case .keep: continue
            case .remove(let reason, let duplicateOf):
                removal = (step, reason, duplicateOf)
                return
            }
        }
    }
}
