import CorpusCore

/// Everything a dedup run measured, written as `stats.json`.
public struct DedupReport: Sendable {
    /// Per step: the signature pass (summed over ranks run here) and the reduce statistics.
    public var signatures: [SignatureSummary]
    /// Per step: the method's reduce statistics as JSON object members.
    public var reduceStatistics: [String]
    /// The filter pass.
    public var filter: FilterSummary
    /// The memory budget the run had, in bytes.
    public var memoryBytes: Int

    /// A report from its parts.
    public init(signatures: [SignatureSummary], reduceStatistics: [String], filter: FilterSummary, memoryBytes: Int) {
        self.signatures = signatures
        self.reduceStatistics = reduceStatistics
        self.filter = filter
        self.memoryBytes = memoryBytes
    }

    /// The statistics as one JSON object, keys in a fixed order.
    public func json(extra: [(String, String)] = []) -> String {
        var steps: [String] = []
        for (index, step) in filter.steps.enumerated() {
            var members = [
                "\"method\":\(JSONString.quoted(step.method))",
                "\"documents_in\":\(step.documentsIn)",
                "\"documents_out\":\(step.documentsOut)",
                "\"removed\":\(tallyJSON(step.removed))",
            ]
            if !step.details.isEmpty { members.append("\"details\":\(tallyJSON(step.details))") }
            if index < signatures.count {
                let s = signatures[index]
                members.append("\"signature_records\":\(s.records),\"sort_runs\":\(s.runs),\"bytes_spilled\":\(s.bytesSpilled)")
            }
            if index < reduceStatistics.count, !reduceStatistics[index].isEmpty { members.append(reduceStatistics[index]) }
            steps.append("{" + members.joined(separator: ",") + "}")
        }
        var members = extra.map { "\(JSONString.quoted($0.0)):\($0.1)" }
        members += [
            "\"documents_in\":\(filter.documentsIn)",
            "\"documents_out\":\(filter.documentsOut)",
            "\"bytes_in\":\(filter.bytesIn)",
            "\"bytes_out\":\(filter.bytesOut)",
            "\"memory_budget_bytes\":\(memoryBytes)",
            "\"skipped_records\":\(tallyJSON(filter.read.skipped))",
            "\"steps\":[\(steps.joined(separator: ","))]",
        ]
        return "{" + members.joined(separator: ",") + "}\n"
    }

    private func tallyJSON(_ tally: Tally) -> String {
        "{" + tally.sorted.map { "\(JSONString.quoted($0.reason)):\($0.count)" }.joined(separator: ",") + "}"
    }
}

extension DedupPasses {
    /// Runs every pass of every step in this process (one rank), calling `keep`/`remove` in
    /// the filter pass. `progress` gets the pass name ("signatures exact") with its progress.
    public static func runAll(
        methods: [any DedupMethod], input: DedupInput, settings: DedupSettings,
        keep: (Document) throws -> Void,
        remove: (Document, _ method: String, _ reason: String, _ duplicateOf: String?) throws -> Void,
        onProblem: (@Sendable (String) -> Void)? = nil,
        progress: (String, PassProgress) -> Void = { _, _ in }
    ) throws -> DedupReport {
        guard input.split.worldSize == 1 else {
            throw DedupError.invalidOption("running every pass in one process needs --world-size 1; run the phases per rank instead")
        }
        var signatures: [SignatureSummary] = []
        var reduced: [String] = []
        for (step, method) in methods.enumerated() {
            signatures.append(try DedupPasses.signatures(methods: methods, step: step, input: input, settings: settings,
                                                         onProblem: step == 0 ? onProblem : nil,
                                                         progress: { progress("signatures \(method.name)", $0) }))
            reduced.append(try DedupPasses.reduce(methods: methods, step: step, settings: settings))
        }
        let filter = try DedupPasses.filter(methods: methods, input: input, settings: settings, keep: keep, remove: remove,
                                            progress: { progress("filter", $0) })
        return DedupReport(signatures: signatures, reduceStatistics: reduced, filter: filter, memoryBytes: settings.memoryBytes)
    }
}
