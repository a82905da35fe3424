/// One unit of text flowing through the pipeline: a web page, a JSONL record or a text block.
public struct Document: Sendable, Equatable {
    /// A stable identifier: the WARC record id, the JSONL id field, or `file#index`.
    public var id: String
    /// The document's text, always valid UTF-8.
    public var text: String
    /// The page the text came from, when known (WARC-Target-URI, a JSONL url field).
    public var url: String?
    /// Where the document came from and what its source said about it.
    public var metadata: DocumentMetadata

    /// Makes a document from its parts.
    public init(id: String, text: String, url: String? = nil, metadata: DocumentMetadata) {
        self.id = id
        self.text = text
        self.url = url
        self.metadata = metadata
    }
}

/// Provenance and source-given facts about a document, typed so later stages need not parse.
public struct DocumentMetadata: Sendable, Equatable {
    /// The input file the document was read from, as given on the command line.
    public var sourceFile: String
    /// The zero-based index of the record within its file (WARC record, JSONL line, text block).
    public var recordIndex: Int
    /// The byte offset of the record within the uncompressed stream of its file.
    public var byteOffset: Int64
    /// When the page was fetched (WARC-Date, ISO 8601 as written by the source), if known.
    public var crawlDate: String?
    /// Language hints from the source: HTTP Content-Language, `<html lang>`,
    /// WARC-Identified-Content-Language, or a JSONL language field. Lowercased, in source order.
    public var languageHints: [String]
    /// The HTML `<title>` of a page, when the text was extracted from HTML.
    public var title: String?
    /// The charset the payload was decoded from ("utf-8", "shift_jis", ...), when decoded from bytes.
    public var sourceCharset: String?
    /// The language a language-ID stage found ("en", "zh-Hant", "un" for unknown), if one ran.
    public var language: String?
    /// How sure that stage was of `language`, 0...1 (CLD2: the top language's share of the
    /// scored text, 0 when the detection was unreliable).
    public var languageScore: Double?

    /// Makes metadata for a record at `recordIndex`/`byteOffset` of `sourceFile`.
    public init(
        sourceFile: String, recordIndex: Int, byteOffset: Int64, crawlDate: String? = nil,
        languageHints: [String] = [], title: String? = nil, sourceCharset: String? = nil
    ) {
        self.sourceFile = sourceFile
        self.recordIndex = recordIndex
        self.byteOffset = byteOffset
        self.crawlDate = crawlDate
        self.languageHints = languageHints
        self.title = title
        self.sourceCharset = sourceCharset
    }
}
