import CorpusCore
import CorpusIngest
import CorpusTestSupport
import Testing

@Suite("Document stream over many files")
struct DocumentStreamTests {
    let directory = Fixtures.temporaryDirectory()

    @Test("a missing or unreadable file is recorded and the other files are still read")
    func failedFile() throws {
        let good = Fixtures.write(Array("{\"text\": \"one\"}\n".utf8), to: "a.jsonl", in: directory)
        let garbage = Fixtures.write([0x00, 0x01, 0x02, 0xFF, 0x00, 0x10], to: "b.bin", in: directory)
        let stream = DocumentStream(files: [good, directory + "/missing.jsonl", garbage, good], options: ReaderOptions())
        var texts: [String] = []
        while let document = stream.next() { texts.append(document.text) }
        #expect(texts == ["one", "one"])
        #expect(stream.statistics.filesRead == 2)
        #expect(stream.statistics.filesFailed.count == 2)
        #expect(stream.statistics.filesFailed[0].contains("missing.jsonl"))
        #expect(stream.statistics.inputBytes == 32)
    }

    @Test("ranks split the files so that together they read each exactly once")
    func ranksPartition() throws {
        let files = (0..<7).map { Fixtures.write(Array("{\"text\": \"file \($0)\"}\n".utf8), to: "f\($0).jsonl", in: directory) }
        var seen: [String] = []
        for rank in 0..<3 {
            let split = try WorkSplit(rank: rank, worldSize: 3)
            let stream = DocumentStream(files: split.select(files.reversed()), options: ReaderOptions())
            while let document = stream.next() { seen.append(document.text) }
        }
        #expect(seen.sorted() == (0..<7).map { "file \($0)" })
    }

    @Test("the byte reader gives the same lines whatever its buffer size")
    func chunkingIndependence() throws {
        var generator = SplitMix64(seed: 7)
        var bytes: [UInt8] = []
        for _ in 0..<300 {
            let length = Int(generator.next() % 90)
            bytes += (0..<length).map { _ in UInt8(0x61 + generator.next() % 26) } + [0x0A]
        }
        bytes += Array("no newline at end".utf8)
        func lines(bufferSize: Int) throws -> [[UInt8]] {
            let reader = ByteReader(MemoryByteSource(bytes), bufferSize: bufferSize)
            var result: [[UInt8]] = []
            while let line = try reader.readLine(maxLength: 1000) {
                if case .line(let value) = line { result.append(value) }
            }
            return result
        }
        let whole = try lines(bufferSize: 1 << 20)
        #expect(whole.count == 301)
        for size in [1, 2, 3, 7, 64] { #expect(try lines(bufferSize: size) == whole) }
    }
}
