/// Opens input files: sniffs the compression and the record format from the first bytes.
public enum InputFile {
    /// A reader for `path` that matches its content (or the forced `options.format`).
    public static func open(_ path: String, options: ReaderOptions) throws -> RecordReader {
        let magic = try ByteReader(FileByteSource(path: path), bufferSize: 16).peek(4)
        let compression = Compression.sniff(magic)
        let reader = ByteReader(try compression.decoding(FileByteSource(path: path), file: path))
        let head = Array(try reader.peek(1024))
        var format = options.format
        if format == .auto { format = try sniffFormat(head, file: path) }
        switch format {
        case .warc, .auto: return try WARCReader(reader, file: path, options: options)
        case .jsonl:
            return JSONLReader(reader, file: path, options: options)
        case .text:
            return TextReader(reader, file: path, options: options)
        }
    }

    /// The record format that `head` (the first decompressed bytes) looks like.
    static func sniffFormat(_ head: [UInt8], file: String) throws -> InputFormat {
        var body = head[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        let trimmed = body.drop(while: \.isASCIIWhitespace)
        if trimmed.starts(with: Array("WARC/".utf8)) { return .warc }
        if trimmed.first == UInt8(ascii: "{") { return .jsonl }
        if looksBinary(body) {
            throw IngestError.wrongFormat(InputLocation(file: file, offset: 0), expected: "WARC, JSONL or text",
                                          found: "binary data (\(describePrefix(Array(head.prefix(8)))))")
        }
        return .text
    }

    /// Whether bytes look like binary data rather than text: NUL bytes, many control bytes, or
    /// ill-formed UTF-8 before the last few bytes (which may cut a character in half).
    static func looksBinary(_ bytes: ArraySlice<UInt8>) -> Bool {
        if bytes.isEmpty { return false }
        if bytes.contains(0) { return true }
        let control = bytes.filter { $0 < 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 && $0 != 0x0C }.count
        if control * 20 > bytes.count { return true }
        return String(validating: bytes.dropLast(4), as: UTF8.self) == nil
    }
}
