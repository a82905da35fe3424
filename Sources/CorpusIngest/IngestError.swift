/// Where in the input something happened: the file, and when known the record and byte offset.
public struct InputLocation: Sendable, Equatable, CustomStringConvertible {
    /// The input file, as given by the user.
    public var file: String
    /// The zero-based record index within the file (WARC record, JSONL line, text block).
    public var record: Int?
    /// The byte offset within the file's uncompressed stream (or compressed, where `compressed`).
    public var offset: Int64?
    /// Whether `offset` counts compressed bytes of the file rather than uncompressed ones.
    public var compressed: Bool

    /// Makes a location.
    public init(file: String, record: Int? = nil, offset: Int64? = nil, compressed: Bool = false) {
        self.file = file
        self.record = record
        self.offset = offset
        self.compressed = compressed
    }

    public var description: String {
        var text = file
        if let record { text += ", record \(record)" }
        if let offset { text += compressed ? ", compressed byte \(offset)" : ", byte \(offset)" }
        return text
    }
}

/// Failures reading or writing data files; each names the file and, where it can, the record
/// and byte offset, with what was expected.
public enum IngestError: Error, Sendable, CustomStringConvertible {
    /// A file could not be opened or read (missing, unreadable, a directory).
    case cannotRead(InputLocation, reason: String)
    /// A compressed stream ended before its end marker (a partly copied or cut file).
    case truncatedStream(codec: String, InputLocation)
    /// A compressed stream holds bytes its codec rejects.
    case corruptStream(codec: String, InputLocation, reason: String)
    /// The file is not in the format that was asked for (or that sniffing expected).
    case wrongFormat(InputLocation, expected: String, found: String)
    /// An output file could not be written; nothing partial is left at its path.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotRead(let location, let reason):
            return "\(location): cannot read: \(reason)"
        case .truncatedStream(let codec, let location):
            return "\(location): \(codec) stream ends early (truncated file?)"
        case .corruptStream(let codec, let location, let reason):
            return "\(location): corrupt \(codec) data: \(reason)"
        case .wrongFormat(let location, let expected, let found):
            return "\(location): expected \(expected), found \(found); pass --format to choose another reader"
        case .cannotWrite(let path, let reason):
            return "\(path): cannot write: \(reason)"
        }
    }
}
