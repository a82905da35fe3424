import CorpusCore
import CorpusIngest
import CorpusTestSupport
import Testing

@Suite("WARC reader")
struct WARCReaderTests {
    let directory = Fixtures.temporaryDirectory()

    private func warcFile(_ records: [[UInt8]], name: String = "in.warc", gzipEach: Bool = false) -> String {
        let bytes = gzipEach ? records.flatMap(Fixtures.gzip) : records.flatMap { $0 }
        return Fixtures.write(bytes, to: name, in: directory)
    }

    @Test("turns an HTML response into a document with title, url, date and language hints")
    func htmlResponse() throws {
        let html = """
            <!doctype html><html lang="en-GB"><head><title> A  page </title><style>p{color:red}</style>
            <script>var x = "no";</script></head><body><p>First   paragraph
            text.</p><div>Second <b>bold</b> line.</div><noscript>enable js</noscript><template><p>inert</p></template>
            <ul><li>one</li><li>two</li></ul></body></html>
            """
        let path = warcFile([
            Fixtures.warcRecord(type: "response", uri: "<http://example.com/a>", id: Fixtures.recordID(7),
                                contentType: "application/http; msgtype=response",
                                content: Fixtures.httpResponse(headers: [("Content-Type", "text/html"), ("Content-Language", "en")],
                                                               body: Array(html.utf8))),
        ])
        let result = try drain(path)
        #expect(result.skipped.isEmpty)
        let document = try #require(result.documents.first)
        #expect(document.text == "A page\nFirst paragraph text.\nSecond bold line.\none\ntwo")
        #expect(document.url == "http://example.com/a")
        #expect(document.id == "urn:uuid:00000000-0000-0000-0000-000000000007")
        #expect(document.metadata.title == "A page")
        #expect(document.metadata.crawlDate == "2024-01-02T03:04:05Z")
        #expect(document.metadata.languageHints == ["en", "en-gb"])
        #expect(document.metadata.recordIndex == 0)
        #expect(document.metadata.byteOffset == 0)
    }

    @Test("reads WET conversion records and accepts WARC/1.0 and WARC/0.18 version lines")
    func wetAndVersions() throws {
        let path = warcFile([
            Fixtures.warcRecord(type: "warcinfo", uri: nil, contentType: "application/warc-fields", content: Array("software: x\r\n".utf8), version: "WARC/1.0"),
            Fixtures.warcRecord(type: "conversion", uri: "http://a.example/", id: Fixtures.recordID(2), contentType: "text/plain",
                                extraHeaders: [("WARC-Identified-Content-Language", "eng,fra")], content: Array("Plain text.\nSecond line.".utf8), version: "WARC/1.0"),
            Fixtures.warcRecord(type: "conversion", uri: "http://b.example/", id: Fixtures.recordID(3), contentType: "text/plain",
                                content: Array("Old version.".utf8), version: "WARC/0.18"),
        ])
        let result = try drain(path)
        #expect(result.documents.map(\.text) == ["Plain text.\nSecond line.", "Old version."])
        #expect(result.documents[0].metadata.languageHints == ["eng", "fra"])
        #expect(result.documents[1].metadata.recordIndex == 2)
        #expect(result.reasons == ["warcinfo_record"])
    }

    @Test("skips and counts request, metadata and revisit records and non-200 or non-text responses")
    func skipsNonContent() throws {
        let path = warcFile([
            Fixtures.warcRecord(type: "request", contentType: "application/http; msgtype=request", content: Array("GET / HTTP/1.1\r\n\r\n".utf8)),
            Fixtures.warcRecord(type: "metadata", contentType: "application/warc-fields", content: Array("fetchTimeMs: 5\r\n".utf8)),
            Fixtures.warcRecord(type: "revisit", contentType: "application/http; msgtype=response", content: Array("HTTP/1.1 304 Not Modified\r\n\r\n".utf8)),
            Fixtures.warcRecord(type: "response", contentType: "application/http; msgtype=response",
                                content: Fixtures.httpResponse(status: 301, headers: [("Location", "/b")], body: [])),
            Fixtures.warcRecord(type: "response", contentType: "application/http; msgtype=response",
                                content: Fixtures.httpResponse(headers: [("Content-Type", "image/png")], body: [0x89, 0x50, 0x4E, 0x47])),
            Fixtures.htmlResponse("<p>Kept page.</p>"),
        ])
        let result = try drain(path)
        #expect(result.documents.map(\.text) == ["Kept page."])
        #expect(result.reasons == ["request_record", "metadata_record", "revisit_record", "http_status_not_ok", "content_type_not_text"])
        #expect(result.skipped.allSatisfy { !$0.reason.isDefect })
    }

    @Test("skips a binary body served as text/html or text/plain, but reads UTF-16 pages with NUL bytes")
    func skipsBinaryServedAsText() throws {
        func record(_ body: [UInt8], contentType: String) -> [UInt8] {
            Fixtures.warcRecord(type: "response", contentType: "application/http; msgtype=response",
                                content: Fixtures.httpResponse(headers: [("Content-Type", contentType)], body: body))
        }
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D] + Array("IHDR page text".utf8)
        let gzipped = Fixtures.gzip(Array("<p>compressed but not declared so.</p>".utf8))
        let utf16: [UInt8] = [0xFF, 0xFE] + "<p>Little-endian page.</p>".utf16.flatMap { unit -> [UInt8] in [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let utf16Declared: [UInt8] = "<p>Declared page.</p>".utf16.flatMap { unit -> [UInt8] in [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        let path = warcFile([
            record(png, contentType: "text/html"),
            record(gzipped, contentType: "text/plain; charset=utf-8"),
            record(utf16, contentType: "text/html"),
            record(utf16Declared, contentType: "text/html; charset=UTF-16BE"),
            record(Array("<p>Tab\tand form feed\u{0C} are text.</p>".utf8), contentType: "text/html"),
        ])
        let result = try drain(path)
        #expect(result.documents.map(\.text) == ["Little-endian page.", "Declared page.", "Tab and form feed are text."])
        #expect(result.reasons == ["binary_served_as_text", "binary_served_as_text"])
        #expect(result.skipped.first?.detail.contains("byte 0x1a at offset 6") == true, "\(result.skipped)")
        #expect(result.skipped.allSatisfy { !$0.reason.isDefect && !$0.reason.isNotADocument })
    }

    @Test("decodes chunked transfer encoding and gzip content encoding")
    func chunkedAndGzip() throws {
        let html = Array("<html><body><p>Chunked and compressed.</p></body></html>".utf8)
        let gzipped = Fixtures.gzip(html)
        var chunked: [UInt8] = []
        for piece in stride(from: 0, to: gzipped.count, by: 10).map({ gzipped[$0..<min($0 + 10, gzipped.count)] }) {
            chunked += Array(String(piece.count, radix: 16).utf8) + [0x0D, 0x0A] + piece + [0x0D, 0x0A]
        }
        chunked += Array("0\r\n\r\n".utf8)
        let response = Fixtures.httpResponse(
            headers: [("Content-Type", "text/html"), ("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")], body: chunked)
        let path = warcFile([Fixtures.warcRecord(type: "response", contentType: "application/http; msgtype=response", content: response)])
        #expect(try drain(path).documents.map(\.text) == ["Chunked and compressed."])
    }

    @Test("converts Shift_JIS, EUC-JP, GBK and windows-1252 pages to UTF-8 from the header or the meta tag")
    func charsets() throws {
        let sjis: [UInt8] = [0x93, 0xFA, 0x96, 0x7B, 0x8C, 0xEA]  // 日本語
        let eucjp: [UInt8] = [0xC6, 0xFC, 0xCB, 0xDC, 0xB8, 0xEC]  // 日本語
        let gbk: [UInt8] = [0xD6, 0xD0, 0xCE, 0xC4]  // 中文
        func page(_ body: [UInt8], meta: String = "") -> [UInt8] {
            Array("<html><head>\(meta)</head><body><p>".utf8) + body + Array("</p></body></html>".utf8)
        }
        func record(_ body: [UInt8], contentType: String) -> [UInt8] {
            Fixtures.warcRecord(type: "response", contentType: "application/http; msgtype=response",
                                content: Fixtures.httpResponse(headers: [("Content-Type", contentType)], body: body))
        }
        let path = warcFile([
            record(page(sjis), contentType: "text/html; charset=Shift_JIS"),
            record(page(eucjp, meta: "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=euc-jp\">"), contentType: "text/html"),
            record(page(gbk, meta: "<meta charset='gb2312'>"), contentType: "text/html"),
            record(page([0x80, 0x20, 0x63, 0x61, 0x66, 0xE9]), contentType: "text/html"),  // "€ café", undeclared
        ])
        let result = try drain(path)
        #expect(result.documents.map(\.text) == ["日本語", "日本語", "中文", "€ café"])
        #expect(result.documents.map { $0.metadata.sourceCharset ?? "" } == ["shift_jis", "euc-jp", "gbk", "windows-1252"])
    }

    @Test("reads per-record gzip members, skipping NUL padding after the last one")
    func gzipMembersAndPadding() throws {
        let records = (1...3).map { Fixtures.htmlResponse("<p>Page \($0).</p>", id: $0) }
        let bytes = records.flatMap(Fixtures.gzip) + [UInt8](repeating: 0, count: 512)
        let path = Fixtures.write(bytes, to: "padded.warc.gz", in: directory)
        let result = try drain(path)
        #expect(result.documents.map(\.text) == ["Page 1.", "Page 2.", "Page 3."])
        #expect(result.skipped.isEmpty)
    }

    @Test("gives the same documents from plain, gzip, zstd and lz4 input")
    func compressionsAgree() throws {
        let plain = (1...20).flatMap { Fixtures.htmlResponse("<h1>Title \($0)</h1><p>Body text number \($0).</p>", id: $0) }
        let variants: [(String, [UInt8])] = [("a.warc", plain), ("b.warc.gz", Fixtures.gzip(plain)),
                                             ("c.warc.zst", Fixtures.zstd(plain)), ("d.warc.lz4", Fixtures.lz4(plain)),
                                             ("e.bin", Fixtures.zstd(plain))]
        let texts = try variants.map { name, bytes in try drain(Fixtures.write(bytes, to: name, in: directory)).documents.map(\.text) }
        #expect(texts[0].count == 20)
        for other in texts.dropFirst() { #expect(other == texts[0]) }
    }
}

@Suite("WARC reader parallelism")
struct WARCParallelTests {
    @Test("gives the same events in the same order with 1, 2 and 5 workers")
    func workersAgree() throws {
        let directory = Fixtures.temporaryDirectory()
        var records: [[UInt8]] = []
        for index in 0..<600 {
            switch index % 7 {
            case 3: records.append(Fixtures.warcRecord(type: "request", content: Array("GET / HTTP/1.1\r\n\r\n".utf8)))
            case 5: records.append(Fixtures.warcRecord(type: "conversion", id: Fixtures.recordID(index), contentType: "text/plain",
                                                       content: Array("wet \(index)".utf8), contentLength: index == 12 ? 3 : nil))
            default: records.append(Fixtures.htmlResponse("<title>T\(index)</title><p>Page \(index) body.</p>", id: index))
            }
        }
        let path = Fixtures.write(records.flatMap(Fixtures.gzip), to: "many.warc.gz", in: directory)
        func run(workers: Int) throws -> [String] {
            var options = ReaderOptions()
            options.workers = workers
            let result = try drain(path, options: options)
            return result.documents.map { "\($0.id) \($0.metadata.recordIndex) \($0.text)" } + result.skipped.map(\.description)
        }
        let serial = try run(workers: 1)
        #expect(serial.count == 600)
        #expect(try run(workers: 2) == serial)
        #expect(try run(workers: 5) == serial)
    }
}
