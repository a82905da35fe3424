import CorpusCore
import Foundation

/// Reads JSON Lines: one object per line, text/id/url taken from configurable dotted paths.
public final class JSONLReader: RecordReader {
    private let reader: ByteReader
    private let file: String
    private let options: ReaderOptions
    private let textPath: [String]
    private let idPath: [String]
    private let urlPath: [String]
    private var lineIndex = 0
    private var finished = false

    /// Reads JSONL from `reader`; `file` names the input in documents and errors.
    public init(_ reader: ByteReader, file: String, options: ReaderOptions) {
        self.reader = reader
        self.file = file
        self.options = options
        textPath = options.textField.split(separator: ".").map(String.init)
        idPath = options.idField.split(separator: ".").map(String.init)
        urlPath = options.urlField.split(separator: ".").map(String.init)
    }

    public var fileBytesConsumed: Int64 { reader.fileBytesConsumed }

    public func next() throws -> ReadEvent? {
        while !finished {
            let index = lineIndex
            let offset = reader.offset
            let location = InputLocation(file: file, record: index, offset: offset)
            let read: LineRead?
            do {
                read = try reader.readLine(maxLength: Int(options.maxRecordBytes))
            } catch {
                guard let skipped = skippedRecord(for: error, file: file, record: index, offset: offset) else { throw error }
                finished = true
                return .skipped(skipped)
            }
            guard let read else { finished = true; return nil }
            lineIndex += 1
            switch read {
            case .tooLong(let length):
                return .skipped(SkippedRecord(.recordTooLarge, at: location,
                                              "line of \(length) bytes exceeds --max-record-bytes \(options.maxRecordBytes)"))
            case .line(let bytes):
                if bytes.allSatisfy(\.isASCIIWhitespace) { continue }
                return event(for: bytes, location: location)
            }
        }
        return nil
    }

    private func event(for line: [UInt8], location: InputLocation) -> ReadEvent {
        // Ill-formed UTF-8 is repaired to U+FFFD rather than losing the whole record.
        let data = String(validating: line, as: UTF8.self) != nil ? Data(line) : Data(String(decoding: line, as: UTF8.self).utf8)
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            return .skipped(SkippedRecord(.invalidJSON, at: location, "not a JSON object: \(describePrefix(Array(line.prefix(16))))"))
        }
        guard let record = object as? [String: Any] else {
            return .skipped(SkippedRecord(.invalidJSON, at: location, "the line is JSON but not an object"))
        }
        guard let text = value(at: textPath, in: record) as? String else {
            return .skipped(SkippedRecord(.missingTextField, at: location, "no string at \"\(options.textField)\""))
        }
        let id = scalarString(value(at: idPath, in: record)) ?? "\(file)#\(location.record ?? 0)"
        let url = scalarString(value(at: urlPath, in: record))
        var hints: [String] = []
        if let language = record["language"] as? String ?? record["lang"] as? String { hints.append(language.lowercased()) }
        var metadata = DocumentMetadata(
            sourceFile: file, recordIndex: location.record ?? 0, byteOffset: location.offset ?? 0,
            crawlDate: scalarString(record["date"] ?? record["crawl_date"] ?? record["timestamp"]), languageHints: hints)
        if let written = record["metadata"] as? [String: Any] { restore(written, into: &metadata) }
        return .document(Document(id: id, text: text, url: url, metadata: metadata))
    }

    /// Takes back the metadata `corpus` itself wrote (`JSONLEncoding`), so provenance survives
    /// read → clean → dedup: the original file, record and offset, crawl date, language.
    private func restore(_ written: [String: Any], into metadata: inout DocumentMetadata) {
        if let date = scalarString(written["crawl_date"]) { metadata.crawlDate = date }
        guard let source = written["source_file"] as? String else { return }
        metadata.sourceFile = source
        if let index = written["record_index"] as? NSNumber { metadata.recordIndex = index.intValue }
        if let offset = written["byte_offset"] as? NSNumber { metadata.byteOffset = offset.int64Value }
        if let hints = written["language_hints"] as? [String] { metadata.languageHints = hints }
        metadata.title = written["title"] as? String
        metadata.sourceCharset = written["charset"] as? String
        metadata.language = written["language"] as? String
        metadata.languageScore = (written["language_score"] as? NSNumber)?.doubleValue
    }

    private func value(at path: [String], in record: [String: Any]) -> Any? {
        var current: Any? = record
        for key in path {
            guard let object = current as? [String: Any] else { return nil }
            current = object[key]
        }
        return current
    }

    private func scalarString(_ value: Any?) -> String? {
        switch value {
        case let string as String: return string
        case let number as NSNumber: return number.stringValue
        default: return nil
        }
    }
}
