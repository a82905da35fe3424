import CorpusCore

/// What a reader yields: a document, or a record it skipped and why.
public enum ReadEvent: Sendable {
    /// A document read from the input.
    case document(Document)
    /// A record that gave no document.
    case skipped(SkippedRecord)
}

/// A record that gave no document: where it was, why, and details for the log.
public struct SkippedRecord: Sendable, Error, CustomStringConvertible {
    /// Why the record was skipped.
    public var reason: SkipReason
    /// The file, record index and byte offset of the record.
    public var location: InputLocation
    /// What was found, for a person to act on.
    public var detail: String

    /// Makes a skipped record.
    public init(_ reason: SkipReason, at location: InputLocation, _ detail: String = "") {
        self.reason = reason
        self.location = location
        self.detail = detail
    }

    public var description: String {
        detail.isEmpty ? "\(location): \(reason.rawValue)" : "\(location): \(reason.rawValue): \(detail)"
    }
}

/// Why a record gave no document. Defects are bad input; the others are expected in web dumps.
public enum SkipReason: String, Sendable, CaseIterable {
    // Expected in web archives: not page content.
    case warcinfoRecord = "warcinfo_record"
    case requestRecord = "request_record"
    case metadataRecord = "metadata_record"
    case revisitRecord = "revisit_record"
    case otherRecordType = "other_record_type"
    case httpStatusNotOK = "http_status_not_ok"
    case notText = "content_type_not_text"
    case emptyText = "empty_text"
    // Defects in the input.
    case malformedRecordHeader = "malformed_record_header"
    case malformedHTTP = "malformed_http_response"
    case contentLengthMismatch = "content_length_mismatch"
    case truncatedRecord = "truncated_record"
    case recordTooLarge = "record_too_large"
    case undecodablePayload = "undecodable_payload"
    case truncatedCompressedStream = "truncated_compressed_stream"
    case corruptCompressedData = "corrupt_compressed_data"
    case invalidJSON = "invalid_json"
    case missingTextField = "missing_text_field"
    case binaryContent = "binary_content"
    // Not content, though served as text: a binary body labelled text/html or text/plain.
    case binaryServedAsText = "binary_served_as_text"

    /// Whether the record was never a candidate document (WARC bookkeeping: warcinfo, request,
    /// metadata and revisit records), as opposed to a page or file that was turned down.
    public var isNotADocument: Bool {
        switch self {
        case .warcinfoRecord, .requestRecord, .metadataRecord, .revisitRecord, .otherRecordType: true
        default: false
        }
    }

    /// Whether the reason means the input is damaged, rather than just not content.
    public var isDefect: Bool {
        switch self {
        case .warcinfoRecord, .requestRecord, .metadataRecord, .revisitRecord, .otherRecordType,
             .httpStatusNotOK, .notText, .emptyText, .binaryServedAsText:
            return false
        default:
            return true
        }
    }
}

/// A reader of one input file, yielding events until the file ends.
public protocol RecordReader: AnyObject {
    /// The next event, or nil at the end of the file. Throws only when the file as a whole cannot
    /// be read; damaged records come back as `.skipped` and reading goes on.
    func next() throws -> ReadEvent?
    /// Bytes of the file consumed so far (compressed bytes for compressed input).
    var fileBytesConsumed: Int64 { get }
}

extension RecordReader {
    /// Turns a decompression failure in the middle of a file into a skipped record.
    func skippedRecord(for error: Error, file: String, record: Int, offset: Int64) -> SkippedRecord? {
        guard let error = error as? IngestError else { return nil }
        switch error {
        case .truncatedStream(_, let location):
            return SkippedRecord(.truncatedCompressedStream, at: InputLocation(file: file, record: record, offset: offset),
                                 "\(error) (stream ends at compressed byte \(location.offset ?? 0))")
        case .corruptStream:
            return SkippedRecord(.corruptCompressedData, at: InputLocation(file: file, record: record, offset: offset), "\(error)")
        default:
            return nil
        }
    }
}
