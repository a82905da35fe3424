import CorpusCore

/// Reads plain UTF-8 text: a whole file as one document, or one document per blank-line block.
public final class TextReader: RecordReader {
    private let reader: ByteReader
    private let file: String
    private let options: ReaderOptions
    private var blockIndex = 0
    private var finished = false

    /// Reads text from `reader`; `file` names the input in documents and errors.
    public init(_ reader: ByteReader, file: String, options: ReaderOptions) {
        self.reader = reader
        self.file = file
        self.options = options
    }

    public var fileBytesConsumed: Int64 { reader.fileBytesConsumed }

    public func next() throws -> ReadEvent? {
        while !finished {
            let index = blockIndex
            let offset = reader.offset
            do {
                guard let block = try options.textSplit == .file ? readWholeFile() : readParagraph() else {
                    finished = true
                    return nil
                }
                blockIndex += 1
                if let event = event(for: block, index: index) { return event }
            } catch {
                guard let skipped = skippedRecord(for: error, file: file, record: index, offset: offset) else { throw error }
                finished = true
                return .skipped(skipped)
            }
        }
        return nil
    }

    private struct Block {
        var bytes: [UInt8]
        var offset: Int64
        var tooLong: Int64?
    }

    private func readWholeFile() throws -> Block? {
        if blockIndex > 0 { return nil }
        let limit = Int(options.maxRecordBytes)
        let bytes = try reader.read(limit + 1)
        if bytes.count > limit {
            let rest = try reader.skip(Int64.max)
            return Block(bytes: [], offset: 0, tooLong: Int64(bytes.count) + rest)
        }
        return Block(bytes: bytes, offset: 0)
    }

    private func readParagraph() throws -> Block? {
        var bytes: [UInt8] = []
        var start: Int64?
        var length: Int64 = 0
        var tooLong = false
        while true {
            let lineOffset = reader.offset
            guard let read = try reader.readLine(maxLength: Int(options.maxRecordBytes)) else { break }
            switch read {
            case .tooLong(let count):
                start = start ?? lineOffset
                tooLong = true
                length += Int64(count)
            case .line(let line):
                let blank = line.allSatisfy(\.isASCIIWhitespace)
                if blank {
                    if start != nil { return Block(bytes: bytes, offset: start ?? 0, tooLong: tooLong ? length : nil) }
                    continue
                }
                start = start ?? lineOffset
                length += Int64(line.count)
                if !tooLong, length > options.maxRecordBytes { tooLong = true; bytes = [] }
                if !tooLong { bytes += line }
            }
        }
        guard let start else { return nil }
        return Block(bytes: bytes, offset: start, tooLong: tooLong ? length : nil)
    }

    private func event(for block: Block, index: Int) -> ReadEvent? {
        let location = InputLocation(file: file, record: index, offset: block.offset)
        if let length = block.tooLong {
            return .skipped(SkippedRecord(.recordTooLarge, at: location,
                                          "\(length) bytes exceed --max-record-bytes \(options.maxRecordBytes)"))
        }
        if block.bytes.contains(0) {
            return .skipped(SkippedRecord(.binaryContent, at: location, "NUL bytes in text: not a text document"))
        }
        var text = String(decoding: block.bytes, as: UTF8.self)
        while let last = text.last, last.isNewline { text.removeLast() }
        if text.isEmpty { return options.textSplit == .file ? .skipped(SkippedRecord(.emptyText, at: location)) : nil }
        let id = options.textSplit == .file ? file : "\(file)#\(index)"
        let metadata = DocumentMetadata(sourceFile: file, recordIndex: index, byteOffset: block.offset,
                                        sourceCharset: "utf-8")
        return .document(Document(id: id, text: text, metadata: metadata))
    }
}
