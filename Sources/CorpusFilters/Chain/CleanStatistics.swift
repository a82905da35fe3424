import CorpusCore

/// The counts of a cleaning run, written as `stats.json`: documents and bytes in and out,
/// drops per filter and reason, and the filters' detail counts.
public struct CleanStatistics: Sendable {
    /// Documents that entered the chain.
    public private(set) var documentsIn = 0
    /// Documents every stage kept.
    public private(set) var documentsOut = 0
    /// UTF-8 bytes of text that entered the chain.
    public private(set) var bytesIn = 0
    /// UTF-8 bytes of text kept.
    public private(set) var bytesOut = 0
    /// Drops keyed `filter/reason`.
    public private(set) var dropped = Tally()
    /// Detail counts keyed `filter/detail`.
    public private(set) var details = Tally()
    /// Documents each filter saw, by filter name.
    public private(set) var seenByFilter: [String: Int] = [:]
    private let filterOrder: [String]

    /// Empty statistics for a chain whose filters are named `filterOrder`, in order.
    public init(filterOrder: [String]) {
        self.filterOrder = filterOrder
    }

    /// Counts one document's outcome.
    public mutating func add(_ outcome: FilterOutcome) {
        documentsIn += 1
        bytesIn += outcome.bytesIn
        details.merge(outcome.details)
        let stoppedAt = outcome.drop.flatMap { drop in filterOrder.firstIndex(of: drop.filter) } ?? filterOrder.count - 1
        if outcome.drop?.filter != "normalize" {
            for name in filterOrder.prefix(stoppedAt + 1) { seenByFilter[name, default: 0] += 1 }
        }
        if let drop = outcome.drop {
            dropped.add("\(drop.filter)/\(drop.reason)")
        } else {
            documentsOut += 1
            bytesOut += outcome.document.text.utf8.count
        }
    }

    /// The statistics as a JSON object with keys in a fixed order (same run, same bytes).
    public func json(extra: [(String, String)] = []) -> String {
        var lines: [String] = ["{"]
        lines.append("  \"documents_in\": \(documentsIn),")
        lines.append("  \"documents_out\": \(documentsOut),")
        lines.append("  \"bytes_in\": \(bytesIn),")
        lines.append("  \"bytes_out\": \(bytesOut),")
        for (key, value) in extra { lines.append("  \(quoted(key)): \(value),") }
        lines.append("  \"filters\": [")
        for (index, name) in filterOrder.enumerated() {
            let drops = dropped.sorted.filter { $0.reason.hasPrefix(name + "/") }
            let detail = details.sorted.filter { $0.reason.hasPrefix(name + "/") }
            var fields = ["\"name\": \(quoted(name))", "\"seen\": \(seenByFilter[name, default: 0])",
                          "\"dropped\": \(drops.reduce(0) { $0 + $1.count })"]
            fields.append("\"reasons\": {" + drops.map { "\(quoted(String($0.reason.dropFirst(name.count + 1)))): \($0.count)" }.joined(separator: ", ") + "}")
            fields.append("\"details\": {" + detail.map { "\(quoted(String($0.reason.dropFirst(name.count + 1)))): \($0.count)" }.joined(separator: ", ") + "}")
            lines.append("    {" + fields.joined(separator: ", ") + "}" + (index + 1 < filterOrder.count ? "," : ""))
        }
        lines.append("  ],")
        let normalize = details.sorted.filter { $0.reason.hasPrefix("normalize/") }
        lines.append("  \"normalize\": {" + normalize.map { "\(quoted(String($0.reason.dropFirst(10)))): \($0.count)" }.joined(separator: ", ") + "}")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    private func quoted(_ text: String) -> String { JSONString.quoted(text) }
}
