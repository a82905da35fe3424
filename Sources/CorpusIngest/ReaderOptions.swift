/// The record formats the readers understand.
public enum InputFormat: String, Sendable, CaseIterable, Codable {
    /// Decide per file from its first bytes (after decompression).
    case auto
    /// WARC (and WET) archives.
    case warc
    /// One JSON object per line.
    case jsonl
    /// Plain UTF-8 text.
    case text
}

/// How plain text files are cut into documents.
public enum TextSplit: String, Sendable, CaseIterable, Codable {
    /// Each file is one document.
    case file
    /// Each block of lines separated by a blank line is one document.
    case paragraph
}

/// Reader settings: formats, JSONL field paths, limits.
public struct ReaderOptions: Sendable, Equatable {
    /// The format to read, or `.auto` to sniff each file.
    public var format: InputFormat = .auto
    /// Dotted path of the JSONL text field (`text`, `content`, `doc.body`).
    public var textField = "text"
    /// Dotted path of the JSONL id field; a missing id becomes `FILE#LINE`.
    public var idField = "id"
    /// Dotted path of the JSONL URL field (`url`, `metadata.url`).
    public var urlField = "url"
    /// How plain text files become documents.
    public var textSplit: TextSplit = .file
    /// Records (WARC content, JSONL lines, text documents) longer than this many bytes are
    /// skipped and counted rather than held in memory.
    public var maxRecordBytes: Int64 = 32 << 20
    /// The HTML parser that turns pages into text.
    public var htmlParser: HTMLParser = .libxml2
    /// Threads that extract page text (HTML parsing dominates WARC reading). Output is the same
    /// whatever the count.
    public var workers = ParallelMap.availableCores

    /// Default options.
    public init() {}
}

/// Why reader options were refused, before any input is read.
public struct ReaderOptionsError: Error, Sendable, CustomStringConvertible {
    /// What is wrong and how to fix it.
    public var description: String
}

extension ReaderOptions {
    /// Checks the options make sense; call before reading anything.
    public func validate() throws(ReaderOptionsError) {
        for (flag, path) in [("--text-field", textField), ("--id-field", idField), ("--url-field", urlField)] {
            if path.isEmpty || path.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
                throw ReaderOptionsError(description: "\(flag) \"\(path)\" is not a dotted field path such as metadata.url")
            }
        }
        guard workers >= 1 else {
            throw ReaderOptionsError(description: "--workers must be at least 1 (got \(workers))")
        }
        guard maxRecordBytes >= 1024 else {
            throw ReaderOptionsError(description: "--max-record-bytes must be at least 1024 (got \(maxRecordBytes))")
        }
    }
}
