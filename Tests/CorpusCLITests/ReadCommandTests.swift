import CorpusTestSupport
import Foundation
import Testing

@Suite("corpus read command")
struct ReadCommandTests {
    let directory = Fixtures.temporaryDirectory()

    private func sampleWARC(pages: Int, name: String) -> String {
        let records = (0..<pages).flatMap { Fixtures.gzip(Fixtures.htmlResponse("<p>Page \($0) of \(name).</p>", id: $0)) }
        return Fixtures.write(records, to: name, in: directory)
    }

    @Test("reads a WARC into a compressed JSONL file, creating its folder, and reports a summary")
    func readsToFile() throws {
        let input = sampleWARC(pages: 5, name: "a.warc.gz")
        let output = directory + "/out/nested/docs.jsonl.zst"
        let run = try corpus(["read", input, "-o", output])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("5 documents"))
        #expect(run.stdout.isEmpty)
        let check = try corpus(["read", output, "--format", "jsonl"])
        #expect(check.stdout.split(separator: "\n").count == 5)
    }

    @Test("writes JSONL to standard output without -o")
    func readsToStandardOutput() throws {
        let run = try corpus(["read", sampleWARC(pages: 2, name: "b.warc.gz")])
        #expect(run.status == 0)
        let first = try #require(run.stdout.split(separator: "\n").first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        #expect(object["text"] as? String == "Page 0 of b.warc.gz.")
    }

    @Test("exits 66 and writes nothing when an input path does not exist")
    func missingInput() throws {
        let output = directory + "/never.jsonl"
        let run = try corpus(["read", directory + "/nope.warc", "-o", output])
        #expect(run.status == 66)
        #expect(run.stderr.contains("nope.warc"))
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test("exits 65 when a file is unreadable as a whole, but still writes the others' documents")
    func unreadableFile() throws {
        let good = sampleWARC(pages: 3, name: "good.warc.gz")
        let bad = Fixtures.write([0x00, 0xFF, 0x13, 0x00, 0x42], to: "bad.bin", in: directory)
        let output = directory + "/partial.jsonl"
        let run = try corpus(["read", good, bad, "-o", output])
        #expect(run.status == 65)
        #expect(run.stderr.contains("bad.bin"))
        #expect(try lines(output).count == 3)
    }

    @Test("exits 64 for a rank outside the world size")
    func badRank() throws {
        let run = try corpus(["read", directory, "--rank", "2", "--world-size", "2"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--rank"))
    }

    @Test("ranks of a world size read disjoint files that together make the whole input")
    func ranksSplitInput() throws {
        for index in 0..<5 { _ = sampleWARC(pages: 2, name: "part\(index).warc.gz") }
        let whole = try corpus(["read", directory]).stdout.split(separator: "\n").map(String.init)
        let rank0 = try corpus(["read", directory, "--rank", "0", "--world-size", "2"]).stdout.split(separator: "\n").map(String.init)
        let rank1 = try corpus(["read", directory, "--rank", "1", "--world-size", "2"]).stdout.split(separator: "\n").map(String.init)
        #expect(whole.count == 10)
        #expect(Set(rank0).isDisjoint(with: rank1))
        #expect((rank0 + rank1).sorted() == whole.sorted())
    }

    @Test("reports damaged records with file, record and offset, and counts them in the summary")
    func reportsDamage() throws {
        let good = Fixtures.htmlResponse("<p>Fine.</p>", id: 1)
        let bad = Fixtures.warcRecord(type: "conversion", contentType: "text/plain", content: Array("Too short here.".utf8), contentLength: 4)
        let input = Fixtures.write(good + bad + good, to: "damaged.warc", in: directory)
        let run = try corpus(["read", input, "-o", directory + "/d.jsonl"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("damaged.warc, record 1, byte \(good.count): content_length_mismatch"))
        #expect(run.stderr.contains("content_length_mismatch"))
        #expect(try lines(directory + "/d.jsonl").count == 2)
    }
}
