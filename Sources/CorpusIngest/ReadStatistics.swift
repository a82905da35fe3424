import CorpusCore

/// What a read produced: documents, skipped records by reason, and bytes.
public struct ReadStatistics: Sendable, Equatable {
    /// Input files opened and read to their end (possibly with skipped records).
    public var filesRead = 0
    /// Input files that could not be read at all, with the reason.
    public var filesFailed: [String] = []
    /// Documents produced.
    public var documents = 0
    /// Records skipped, by `SkipReason` raw value.
    public var skipped = Tally()
    /// Bytes of input files consumed (compressed bytes for compressed files).
    public var inputBytes: Int64 = 0
    /// Bytes of UTF-8 text in the documents produced.
    public var textBytes: Int64 = 0

    /// Makes empty statistics.
    public init() {}

    /// Records skipped because the input was damaged (as opposed to not being content).
    public var defects: Int {
        skipped.sorted.filter { SkipReason(rawValue: $0.reason)?.isDefect ?? true }.reduce(0) { $0 + $1.count }
    }
}
