import CorpusCore

/// Reads WARC 1.0/1.1 (and 0.17/0.18) files: page text from `response` and `resource` records
/// (HTML through the HTML extractor), and WET text from `conversion` records.
public final class WARCReader: RecordReader {
    private let reader: ByteReader
    private let file: String
    private let options: ReaderOptions
    private var recordIndex = 0
    private var finished = false
    private var batch: [ReadEvent] = []
    private var head = 0
    private var pendingError: Error?

    /// A record read whole, or an event decided while reading it.
    private enum BatchItem: Sendable {
        case record(WARCRecordContent)
        case event(ReadEvent)
    }

    /// Reads WARC records from `reader`; `file` names the input in documents and errors.
    /// Throws `.wrongFormat` when the stream does not begin with a WARC version line.
    public init(_ reader: ByteReader, file: String, options: ReaderOptions) throws {
        self.reader = reader
        self.file = file
        self.options = options
        var head = Array(try reader.peek(64))
        while let first = head.first, first == 0x0D || first == 0x0A { head.removeFirst() }
        guard head.starts(with: Array("WARC/".utf8)) else {
            throw IngestError.wrongFormat(InputLocation(file: file, offset: 0), expected: "a WARC file (first line WARC/1.x)",
                                          found: describePrefix(head))
        }
    }

    public var fileBytesConsumed: Int64 { reader.fileBytesConsumed }

    public func next() throws -> ReadEvent? {
        if head == batch.count {
            batch.removeAll(keepingCapacity: true)
            head = 0
            if let error = pendingError {
                pendingError = nil
                throw error
            }
            if finished { return nil }
            fillBatch()
            if batch.isEmpty { return try next() }
        }
        head += 1
        return batch[head - 1]
    }

    /// Reads up to a batch of records, then turns their payloads into documents on all workers.
    /// Events keep file order, so the output is the same whatever the worker count.
    private func fillBatch() {
        var items: [BatchItem] = []
        var bytes = 0
        while items.count < 256, bytes < 8 << 20, !finished {
            do {
                guard let item = try nextItem() else { finished = true; break }
                if case .record(let record) = item { bytes += record.content.count }
                items.append(item)
            } catch {
                pendingError = error
                finished = true
            }
        }
        batch = ParallelMap.map(items, workers: options.workers) { item in
            switch item {
            case .event(let event): return event
            case .record(let record): return record.event()
            }
        }
    }

    /// The next record or event, or nil at the end of the file.
    private func nextItem() throws -> BatchItem? {
        let index = recordIndex
        let offset = reader.offset
        do {
            return try readRecord()
        } catch {
            guard let skipped = skippedRecord(for: error, file: file, record: index, offset: offset) else { throw error }
            // A corrupt gzip member can be stepped over when records are gzipped one by one.
            if case .corruptCompressedData = skipped.reason, let gzip = reader.underlyingSource as? GzipDecoder,
               (try? gzip.resynchronize()) == true {
                reader.discardBuffered(resumingAt: reader.offset)
            } else {
                finished = true
            }
            return .event(.skipped(skipped))
        }
    }

    /// Reads one record, whole or as the reason it was skipped; nil at the end of input.
    private func readRecord() throws -> BatchItem? {
        // Blank lines and NUL padding may sit between records.
        while let byte = try reader.peek(1).first, byte == 0x0D || byte == 0x0A || byte == 0x00 {
            try reader.skip(1)
        }
        if try reader.atEnd() { return nil }
        let offset = reader.offset
        let index = recordIndex
        recordIndex += 1
        let location = InputLocation(file: file, record: index, offset: offset)
        func skip(_ reason: SkipReason, _ detail: String) -> BatchItem {
            .event(.skipped(SkippedRecord(reason, at: location, detail)))
        }

        guard let header = try readHeader() else {
            try resynchronize()
            return skip(.malformedRecordHeader, "no WARC version line and header block here")
        }
        guard let lengthText = header.field("content-length"), let length = Int64(lengthText), length >= 0 else {
            try resynchronize()
            return skip(.malformedRecordHeader, "missing or invalid Content-Length")
        }
        if length > options.maxRecordBytes {
            let skipped = try reader.skip(length)
            if skipped < length { return skip(.truncatedRecord, "file ends inside the record") }
            _ = try checkTrailer(content: [])
            return skip(.recordTooLarge, "Content-Length \(length) exceeds --max-record-bytes \(options.maxRecordBytes)")
        }
        let content = try reader.read(Int(length))
        if content.count < Int(length) {
            return skip(.truncatedRecord, "Content-Length is \(length) but the file ends after \(content.count) bytes")
        }
        if let problem = try checkTrailer(content: content) {
            return skip(.contentLengthMismatch, problem)
        }
        return .record(WARCRecordContent(header: header, content: content, location: location, options: options))
    }

    /// Reads the version line and named fields up to the blank line; nil when malformed.
    private func readHeader() throws -> WARCHeader? {
        guard case .line(let versionLine)? = try reader.readLine(maxLength: 256),
              versionLine.starts(with: Array("WARC/".utf8)) else { return nil }
        var fields: [(String, String)] = []
        var total = 0
        while true {
            guard case .line(let raw)? = try reader.readLine(maxLength: 65_536) else { return nil }
            total += raw.count
            if total > 1 << 20 { return nil }
            var line = raw[...]
            while let last = line.last, last == 0x0A || last == 0x0D { line = line.dropLast() }
            if line.isEmpty { break }
            if let first = line.first, first == 0x20 || first == 0x09, !fields.isEmpty {
                fields[fields.count - 1].1 += " " + String(decoding: line, as: UTF8.self).trimmingASCIIWhitespace()
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return nil }
            let name = String(decoding: line[..<colon], as: UTF8.self).trimmingASCIIWhitespace().lowercased()
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingASCIIWhitespace()
            fields.append((name, value))
        }
        let version = String(decoding: versionLine, as: UTF8.self).trimmingASCIIWhitespace()
        return WARCHeader(version: version, fields: fields)
    }

    /// Checks the blank line that ends a record; on a mismatch, finds the next record and says
    /// what was wrong.
    private func checkTrailer(content: [UInt8]) throws -> String? {
        let trailer = Array(try reader.peek(4))
        if trailer == [0x0D, 0x0A, 0x0D, 0x0A] { try reader.skip(4); return nil }
        if trailer.starts(with: [0x0A, 0x0A]) { try reader.skip(2); return nil }
        if trailer.isEmpty || trailer.allSatisfy({ $0 == 0x0D || $0 == 0x0A || $0 == 0 }) { return nil }
        // Content-Length too large: the next record starts inside what was read as content.
        for marker in [Array("\nWARC/1.".utf8), Array("\nWARC/0.".utf8)] {
            if let found = firstIndex(of: marker, in: content) {
                reader.unread(content[(found + 1)...])
                return "Content-Length \(content.count) runs past the end of the record: the next record starts after \(found + 1) bytes"
            }
        }
        try resynchronize()
        return "Content-Length \(content.count) ends before the record does: no blank line after the content"
    }

    /// Skips to the next line that starts a WARC record.
    private func resynchronize() throws {
        while let read = try reader.readLine(maxLength: 65_536) {
            if case .line(let line) = read, line.starts(with: Array("WARC/1.".utf8)) || line.starts(with: Array("WARC/0.".utf8)) {
                reader.unread(line)
                return
            }
        }
    }
}

/// The named fields of a WARC record header, names lowercased.
struct WARCHeader {
    var version: String
    var fields: [(String, String)]

    func field(_ name: String) -> String? { fields.first { $0.0 == name }?.1 }

    /// A field whose value may be wrapped in angle brackets (as WARC 1.0 writes URIs), unwrapped.
    func uri(_ name: String) -> String? {
        guard var value = field(name) else { return nil }
        if value.hasPrefix("<"), value.hasSuffix(">") { value = String(value.dropFirst().dropLast()) }
        return value.isEmpty ? nil : value
    }
}

func describePrefix(_ bytes: [UInt8]) -> String {
    if bytes.isEmpty { return "an empty file" }
    let printable = bytes.prefix(16).allSatisfy { ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
    if printable {
        let text = String(decoding: bytes.prefix(16), as: UTF8.self).replacingAll("\n", with: "\\n")
        return "text starting \"\(text)\""
    }
    return "bytes " + bytes.prefix(8).map { String($0, radix: 16).leftPadded(2) }.joined(separator: " ")
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }

    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
