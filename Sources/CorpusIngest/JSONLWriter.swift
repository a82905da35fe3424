import CorpusCore

/// Writes documents as JSON Lines (`id`, `text`, `url`, `metadata`), compressed by the output's
/// extension (`.gz`, `.zst`, `.lz4`), atomically: the file appears only when `finish` succeeds.
public final class JSONLWriter {
    private let file: AtomicFile?
    private let sink: ByteSink
    private var buffer: [UInt8] = []
    private var finished = false

    /// Starts writing to `path` (compression chosen by its extension).
    public init(path: String) throws {
        let file = try AtomicFile(path: path)
        self.file = file
        sink = try Compression.forOutput(path: path).encoding(into: file)
        buffer.reserveCapacity(1 << 17)
    }

    /// Starts writing uncompressed JSONL to standard output.
    public init(standardOutput: Void = ()) {
        file = nil
        sink = DescriptorSink(descriptor: 1)
        buffer.reserveCapacity(1 << 17)
    }

    /// The temporary file being written, if any (removed by `abandon`, renamed by `finish`).
    public var temporaryPath: String? { file?.temporaryPath }

    /// Appends one document as one line.
    public func write(_ document: Document) throws {
        JSONLEncoding.append(document, to: &buffer)
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// Appends one dropped document with the filter and reason that dropped it.
    public func write(_ document: Document, droppedBy filter: String, reason: String) throws {
        JSONLEncoding.append(document, exclusion: (filter, reason), to: &buffer)
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// Appends one JSON object already encoded by the caller (without its newline).
    public func write(jsonObject bytes: [UInt8]) throws {
        buffer += bytes
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// Completes the output and, for a file, renames it into place.
    public func finish() throws {
        guard !finished else { return }
        finished = true
        do {
            try flush()
            try sink.finish()
            try file?.commit()
        } catch {
            file?.abandon()
            throw error
        }
    }

    /// Gives up: removes the temporary file, leaving nothing at the output path.
    public func abandon() {
        finished = true
        file?.abandon()
    }

    private func flush() throws {
        try buffer.withUnsafeBytes { try sink.write($0) }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Writes to an open descriptor such as standard output.
final class DescriptorSink: ByteSink {
    private let descriptor: Int32
    init(descriptor: Int32) { self.descriptor = descriptor }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        try writeAll(bytes, to: descriptor, path: "(standard output)")
    }

    func finish() throws {}
}

/// The JSON form of a document, with a fixed key order so the same documents give the same bytes.
public enum JSONLEncoding {
    /// Appends `document` as one JSON object and a newline; `exclusion` adds `filter` and
    /// `reason` fields after the id, for exclusion files.
    public static func append(_ document: Document, exclusion: (filter: String, reason: String)? = nil, to out: inout [UInt8]) {
        let meta = document.metadata
        out += Array(#"{"id":"#.utf8)
        appendString(document.id, to: &out)
        if let exclusion {
            out += Array(#","filter":"#.utf8)
            appendString(exclusion.filter, to: &out)
            out += Array(#","reason":"#.utf8)
            appendString(exclusion.reason, to: &out)
        }
        out += Array(#","text":"#.utf8)
        appendString(document.text, to: &out)
        if let url = document.url {
            out += Array(#","url":"#.utf8)
            appendString(url, to: &out)
        }
        out += Array(#","metadata":{"source_file":"#.utf8)
        appendString(meta.sourceFile, to: &out)
        out += Array(#","record_index":\#(meta.recordIndex),"byte_offset":\#(meta.byteOffset)"#.utf8)
        if let date = meta.crawlDate { out += Array(#","crawl_date":"#.utf8); appendString(date, to: &out) }
        if !meta.languageHints.isEmpty {
            out += Array(#","language_hints":["#.utf8)
            for (index, hint) in meta.languageHints.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendString(hint, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        if let title = meta.title { out += Array(#","title":"#.utf8); appendString(title, to: &out) }
        if let charset = meta.sourceCharset { out += Array(#","charset":"#.utf8); appendString(charset, to: &out) }
        if let language = meta.language { out += Array(#","language":"#.utf8); appendString(language, to: &out) }
        if let score = meta.languageScore { out += Array(#","language_score":\#(formatScore(score))"#.utf8) }
        out += Array("}}\n".utf8)
    }

    /// A score with at most four decimals, so output bytes do not depend on float printing.
    static func formatScore(_ score: Double) -> String {
        let scaled = Int((score * 10_000).rounded())
        let whole = scaled / 10_000, fraction = scaled % 10_000
        guard fraction != 0 else { return "\(whole)" }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 4 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole).\(digits)"
    }

    /// Appends `text` as a JSON string literal (RFC 8259 escapes; non-ASCII kept as UTF-8).
    public static func appendString(_ text: String, to out: inout [UInt8]) {
        JSONString.append(text, to: &out)
    }
}
