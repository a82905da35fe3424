import CorpusCore
import CorpusIngest
import CorpusTestSupport
import Foundation
import Testing

@Suite("JSONL and text readers")
struct JSONLAndTextTests {
    let directory = Fixtures.temporaryDirectory()

    @Test("takes text, id and url from dotted field paths")
    func dottedPaths() throws {
        let lines = """
            {"doc": {"body": "Hello there."}, "key": 17, "metadata": {"url": "http://x.example/"}}
            {"doc": {"body": "Second."}, "metadata": {}}
            """
        var options = ReaderOptions()
        options.textField = "doc.body"
        options.idField = "key"
        options.urlField = "metadata.url"
        let path = Fixtures.write(Array(lines.utf8), to: "in.jsonl", in: directory)
        let result = try drain(path, options: options)
        #expect(result.documents.map(\.text) == ["Hello there.", "Second."])
        #expect(result.documents.map(\.id) == ["17", "\(path)#1"])
        #expect(result.documents.map(\.url) == ["http://x.example/", nil])
    }

    @Test("skips invalid JSON and records without the text field, naming the line")
    func badLines() throws {
        let lines = "{\"text\": \"ok\"}\n{\"text\": oops}\n{\"body\": \"no text\"}\n[1, 2]\n\n{\"text\": \"last\"}\n"
        let result = try drain(Fixtures.write(Array(lines.utf8), to: "bad.jsonl", in: directory))
        #expect(result.documents.map(\.text) == ["ok", "last"])
        #expect(result.reasons == ["invalid_json", "missing_text_field", "invalid_json"])
        #expect(result.skipped.map { $0.location.record } == [1, 2, 3])
        #expect(result.skipped.first?.location.offset == 15)
    }

    @Test("skips a 50 MB single line over the limit without holding it, and reads on")
    func hugeLine() throws {
        var bytes = Array("{\"text\": \"before\"}\n{\"text\": \"".utf8)
        bytes += [UInt8](repeating: 0x61, count: 50_000_000)
        bytes += Array("\"}\n{\"text\": \"after\"}\n".utf8)
        let result = try drain(Fixtures.write(bytes, to: "huge.jsonl", in: directory))
        #expect(result.documents.map(\.text) == ["before", "after"])
        #expect(result.reasons == ["record_too_large"])
        #expect(result.skipped.first?.detail.contains("50000013 bytes") == true)
    }

    @Test("repairs invalid UTF-8 to U+FFFD instead of losing the record")
    func invalidUTF8() throws {
        let jsonl = Array("{\"text\": \"caf".utf8) + [0xE9] + Array(" ok\"}\n".utf8)
        let text = Array("bad ".utf8) + [0xFF, 0xFE] + Array(" bytes".utf8)
        let fromJSONL = try drain(Fixtures.write(jsonl, to: "u.jsonl", in: directory))
        var options = ReaderOptions()
        options.format = .text
        let fromText = try drain(Fixtures.write(text, to: "u.txt", in: directory), options: options)
        #expect(fromJSONL.documents.map(\.text) == ["caf\u{FFFD} ok"])
        #expect(fromText.documents.map(\.text) == ["bad \u{FFFD}\u{FFFD} bytes"])
    }

    @Test("reads a text file whole, or one document per blank-line-separated block")
    func textSplits() throws {
        let text = "First block\nstill first.\n\n\n  \nSecond block.\n\nThird.\n"
        let path = Fixtures.write(Array(text.utf8), to: "t.txt", in: directory)
        #expect(try drain(path).documents.map(\.text) == ["First block\nstill first.\n\n\n  \nSecond block.\n\nThird."])
        var options = ReaderOptions()
        options.textSplit = .paragraph
        let blocks = try drain(path, options: options).documents
        #expect(blocks.map(\.text) == ["First block\nstill first.", "Second block.", "Third."])
        #expect(blocks.map(\.metadata.byteOffset) == [0, 30, 45])
    }

    @Test("a truncated zstd JSONL file keeps the lines before the cut")
    func truncatedZstd() throws {
        let lines = (0..<40000).map { "{\"text\": \"line \($0) with some words to fill the frame \($0 * 7919 % 10007)\"}\n" }.joined()
        let compressed = Fixtures.zstd(Array(lines.utf8))
        let result = try drain(Fixtures.write(Array(compressed.prefix(compressed.count * 3 / 4)), to: "cut.jsonl.zst", in: directory))
        #expect(result.documents.count > 100)
        #expect(result.documents.count < 40000)
        #expect(result.reasons == ["truncated_compressed_stream"])
    }
}

@Suite("JSONL writer")
struct JSONLWriterTests {
    let directory = Fixtures.temporaryDirectory()

    private let documents = (0..<50).map { index in
        Document(id: "doc-\(index)", text: "Line one \"quoted\" \\ tab\tend\nline two \u{1} é 日本 \(index)",
                 url: index % 2 == 0 ? "http://e.example/\(index)" : nil,
                 metadata: DocumentMetadata(sourceFile: "f.warc", recordIndex: index, byteOffset: Int64(index * 100),
                                            crawlDate: "2024-01-01T00:00:00Z", languageHints: ["en"], title: "T", sourceCharset: "utf-8"))
    }

    @Test("writes JSON that a JSON parser reads back to the same fields")
    func parsesBack() throws {
        let path = directory + "/out.jsonl"
        let writer = try JSONLWriter(path: path)
        for document in documents { try writer.write(document) }
        try writer.finish()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == documents.count)
        for (line, document) in zip(lines, documents) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["id"] as? String == document.id)
            #expect(object["text"] as? String == document.text)
            #expect(object["url"] as? String == document.url)
            let metadata = try #require(object["metadata"] as? [String: Any])
            #expect(metadata["byte_offset"] as? Int == Int(document.metadata.byteOffset))
            #expect(metadata["language_hints"] as? [String] == ["en"])
        }
    }

    @Test("compressed outputs read back to the same documents", arguments: ["out.jsonl.gz", "out.jsonl.zst", "out.jsonl.lz4"])
    func compressedRoundTrip(name: String) throws {
        let path = directory + "/" + name
        let writer = try JSONLWriter(path: path)
        for document in documents { try writer.write(document) }
        try writer.finish()
        let read = try drain(path).documents
        #expect(read.map(\.text) == documents.map(\.text))
        #expect(read.map(\.id) == documents.map(\.id))
    }

    @Test("reading back what corpus wrote restores the metadata: source, record, offset, date, language")
    func metadataRoundTrip() throws {
        let path = directory + "/meta.jsonl"
        var tagged = documents[0]
        tagged.metadata.language = "en"
        tagged.metadata.languageScore = 0.97
        let writer = try JSONLWriter(path: path)
        for document in [tagged] + documents.dropFirst() { try writer.write(document) }
        try writer.finish()
        let read = try drain(path).documents
        #expect(read.map(\.metadata) == [tagged.metadata] + documents.dropFirst().map(\.metadata))
        #expect(read.map(\.url) == documents.map(\.url))
    }

    @Test("takes the crawl date from date, crawl_date, timestamp or metadata.crawl_date")
    func crawlDateFields() throws {
        let lines = """
            {"text": "a", "date": "2019-01-01"}
            {"text": "b", "crawl_date": "2019-02-02"}
            {"text": "c", "timestamp": "2019-03-03"}
            {"text": "d", "metadata": {"crawl_date": "2019-04-04"}}
            {"text": "e"}
            """
        let read = try drain(Fixtures.write(Array(lines.utf8), to: "dates.jsonl", in: directory)).documents
        #expect(read.map(\.metadata.crawlDate) == ["2019-01-01", "2019-02-02", "2019-03-03", "2019-04-04", nil])
        #expect(read[3].metadata.sourceFile.hasSuffix("dates.jsonl"))
    }

    @Test("nothing appears at the output path until finish, and abandon leaves nothing")
    func atomic() throws {
        let path = directory + "/atomic.jsonl"
        let writer = try JSONLWriter(path: path)
        try writer.write(documents[0])
        #expect(!FileManager.default.fileExists(atPath: path))
        writer.abandon()
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }
}
