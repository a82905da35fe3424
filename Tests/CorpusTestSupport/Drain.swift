import CorpusCore
import CorpusIngest

/// Everything one reader produced: its documents and skipped records, in order.
public struct Drained {
    /// Documents in reading order.
    public var documents: [Document] = []
    /// Skipped records in reading order.
    public var skipped: [SkippedRecord] = []
    /// Skip reasons, as raw values, in reading order.
    public var reasons: [String] { skipped.map(\.reason.rawValue) }
}

/// Reads a whole file with `options`.
public func drain(_ path: String, options: ReaderOptions = ReaderOptions()) throws -> Drained {
    let reader = try InputFile.open(path, options: options)
    var result = Drained()
    while let event = try reader.next() {
        switch event {
        case .document(let document): result.documents.append(document)
        case .skipped(let record): result.skipped.append(record)
        }
    }
    return result
}
