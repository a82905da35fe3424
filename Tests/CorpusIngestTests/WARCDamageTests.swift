import CorpusCore
import CorpusIngest
import CorpusTestSupport
import Testing

@Suite("WARC reader on damaged input")
struct WARCDamageTests {
    let directory = Fixtures.temporaryDirectory()

    @Test("a Content-Length that is too long skips that record and still reads the next")
    func contentLengthTooLong() throws {
        let bad = Fixtures.htmlResponse("<p>Bad one.</p>", id: 1)
        let tooLong = Fixtures.warcRecord(type: "conversion", id: Fixtures.recordID(2), contentType: "text/plain",
                                          content: Array("Short text.".utf8), contentLength: 40)
        let next = Fixtures.warcRecord(type: "conversion", id: Fixtures.recordID(3), contentType: "text/plain",
                                       content: Array("Next record survives, with enough text to read.".utf8))
        let path = Fixtures.write(bad + tooLong + next, to: "long.warc", in: directory)
        let result = try drain(path)
        #expect(result.documents.map(\.text) == ["Bad one.", "Next record survives, with enough text to read."])
        #expect(result.reasons == ["content_length_mismatch"])
        let issue = try #require(result.skipped.first)
        #expect(issue.location.file == path)
        #expect(issue.location.record == 1)
        #expect(issue.location.offset == Int64(bad.count))
        #expect("\(issue)".contains("record 1"))
    }

    @Test("a Content-Length that is too short skips that record and still reads the next")
    func contentLengthTooShort() throws {
        let tooShort = Fixtures.warcRecord(type: "conversion", contentType: "text/plain",
                                           content: Array("This text is longer than its stated length.".utf8), contentLength: 10)
        let next = Fixtures.warcRecord(type: "conversion", id: Fixtures.recordID(2), contentType: "text/plain", content: Array("Next.".utf8))
        let result = try drain(Fixtures.write(tooShort + next, to: "short.warc", in: directory))
        #expect(result.documents.map(\.text) == ["Next."])
        #expect(result.reasons == ["content_length_mismatch"])
    }

    @Test("a truncated gzip file keeps the records before the cut and reports where it ends")
    func truncatedGzip() throws {
        let members = (1...3).map { Fixtures.gzip(Fixtures.htmlResponse("<p>Page \($0).</p>", id: $0)) }
        let bytes = members[0] + members[1] + members[2].prefix(members[2].count / 2)
        let path = Fixtures.write(bytes, to: "cut.warc.gz", in: directory)
        let result = try drain(path)
        #expect(result.documents.map(\.text) == ["Page 1.", "Page 2."])
        #expect(result.reasons == ["truncated_compressed_stream"])
        #expect(result.skipped.first?.location.record == 2)
    }

    @Test("a corrupt gzip member is stepped over and later members are still read")
    func corruptMember() throws {
        var broken = Fixtures.gzip(Fixtures.htmlResponse("<p>Broken page with some text to compress.</p>", id: 2))
        for index in 12..<min(30, broken.count - 8) { broken[index] ^= 0x5A }
        let bytes = Fixtures.gzip(Fixtures.htmlResponse("<p>Page 1.</p>", id: 1)) + broken
            + Fixtures.gzip(Fixtures.htmlResponse("<p>Page 3.</p>", id: 3))
        let result = try drain(Fixtures.write(bytes, to: "corrupt.warc.gz", in: directory))
        #expect(result.documents.map(\.text) == ["Page 1.", "Page 3."])
        #expect(result.reasons == ["corrupt_compressed_data"])
    }

    @Test("a file that is not WARC is refused with its name and offset when WARC is asked for")
    func notWARC() throws {
        let path = Fixtures.write(Array("{\"text\": \"json\"}\n".utf8), to: "x.warc", in: directory)
        var options = ReaderOptions()
        options.format = .warc
        #expect {
            _ = try drain(path, options: options)
        } throws: { error in
            guard case IngestError.wrongFormat(let location, _, _) = error else { return false }
            return location.file == path && location.offset == 0 && "\(error)".contains("expected a WARC file")
        }
    }

    @Test("binary garbage is refused as binary data")
    func binaryGarbage() throws {
        var generator = SplitMix64(seed: 42)
        let garbage = (0..<4096).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let path = Fixtures.write(garbage, to: "garbage.bin", in: directory)
        #expect {
            _ = try drain(path)
        } throws: { error in
            "\(error)".contains("binary data") && "\(error)".contains(path)
        }
    }

    @Test("a record larger than the limit is skipped without being held, and reading goes on")
    func oversizedRecord() throws {
        let big = Fixtures.warcRecord(type: "conversion", contentType: "text/plain", content: [UInt8](repeating: 0x61, count: 5000))
        let next = Fixtures.warcRecord(type: "conversion", id: Fixtures.recordID(2), contentType: "text/plain", content: Array("Small.".utf8))
        var options = ReaderOptions()
        options.maxRecordBytes = 2048
        let result = try drain(Fixtures.write(big + next, to: "big.warc", in: directory), options: options)
        #expect(result.documents.map(\.text) == ["Small."])
        #expect(result.reasons == ["record_too_large"])
    }

    @Test("a record cut off by the end of the file is reported as truncated")
    func truncatedRecord() throws {
        let whole = Fixtures.htmlResponse("<p>Whole.</p>", id: 1)
        let cut = Fixtures.htmlResponse("<p>Cut off before its end.</p>", id: 2)
        let result = try drain(Fixtures.write(whole + cut.prefix(cut.count - 20), to: "cut.warc", in: directory))
        #expect(result.documents.map(\.text) == ["Whole."])
        #expect(result.reasons == ["truncated_record"])
    }
}

