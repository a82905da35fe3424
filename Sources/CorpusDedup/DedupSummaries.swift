import CorpusCore
import CorpusIngest

/// What the signature pass of one step did on one rank.
public struct SignatureSummary: Sendable {
    /// Documents read.
    public var documents = 0
    /// Signature records written.
    public var records = 0
    /// Run files written (one per spill).
    public var runs = 0
    /// Bytes of run files written.
    public var bytesSpilled: Int64 = 0
    /// What the reader counted (skipped records, failed files).
    public var read = ReadStatistics()
}

/// What the filter pass of one rank did, step by step.
public struct FilterSummary: Sendable {
    /// One step's counts.
    public struct Step: Sendable {
        /// The step's method.
        public var method: String
        /// Documents that reached the step, and that it kept.
        public var documentsIn = 0
        public var documentsOut = 0
        /// Documents it removed, by reason.
        public var removed = Tally()
        /// Line-level counts ("lines/global_duplicate").
        public var details = Tally()
    }

    /// Documents read, and kept by every step.
    public var documentsIn = 0
    public var documentsOut = 0
    /// Text bytes read, and kept (after line removal).
    public var bytesIn = 0
    public var bytesOut = 0
    /// Per step, in order.
    public var steps: [Step]
    /// What the reader counted.
    public var read = ReadStatistics()

    init(steps: [String]) {
        self.steps = steps.map { Step(method: $0) }
    }

    mutating func add(original: Document, outcome: ChainOutcome) {
        documentsIn += 1
        bytesIn += original.text.utf8.count
        let reached = outcome.removal.map { $0.step + 1 } ?? steps.count
        for step in 0..<reached {
            steps[step].documentsIn += 1
            steps[step].details.merge(outcome.details[step])
        }
        if let removal = outcome.removal {
            steps[removal.step].removed.add(removal.reason)
            for step in 0..<removal.step { steps[step].documentsOut += 1 }
        } else {
            for step in steps.indices { steps[step].documentsOut += 1 }
            documentsOut += 1
            bytesOut += outcome.document.text.utf8.count
        }
    }
}
