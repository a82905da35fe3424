/// Counts of events by reason (skipped records, dropped documents), reported in a stable order.
public struct Tally: Sendable, Equatable {
    private var counts: [String: Int] = [:]

    /// An empty tally.
    public init() {}

    /// Adds `amount` occurrences of `reason`.
    public mutating func add(_ reason: String, _ amount: Int = 1) {
        counts[reason, default: 0] += amount
    }

    /// Adds every count of `other` into this tally.
    public mutating func merge(_ other: Tally) {
        for (reason, count) in other.counts { add(reason, count) }
    }

    /// The count for `reason` (zero when never added).
    public subscript(reason: String) -> Int { counts[reason, default: 0] }

    /// The total over all reasons.
    public var total: Int { counts.values.reduce(0, +) }

    /// Whether nothing was counted.
    public var isEmpty: Bool { counts.isEmpty }

    /// Reasons with their counts, largest first, ties by name: the order reports print.
    public var sorted: [(reason: String, count: Int)] {
        counts.map { (reason: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.reason < $1.reason }
    }
}
