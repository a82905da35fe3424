import CorpusCore
import CorpusIngest
import CorpusTestSupport
import Testing

@Suite("Readers on randomly damaged input")
struct MutationTests {
    @Test("flipped bytes and cuts anywhere in a WARC never crash or hang: each file is read or refused",
          arguments: [false, true])
    func randomDamage(gzipped: Bool) throws {
        let directory = Fixtures.temporaryDirectory()
        let records = (0..<12).map { index -> [UInt8] in
            index % 4 == 3
                ? Fixtures.warcRecord(type: "conversion", id: Fixtures.recordID(index), contentType: "text/plain",
                                      content: Array("WET text \(index).".utf8))
                : Fixtures.htmlResponse("<title>T\(index)</title><p>Body \(index) é 日本.</p>", id: index)
        }
        let clean = gzipped ? records.flatMap(Fixtures.gzip) : records.flatMap { $0 }
        var generator = SplitMix64(seed: gzipped ? 11 : 12)
        for round in 0..<150 {
            var bytes = clean
            for _ in 0..<(1 + Int(generator.next() % 6)) {
                let position = Int(generator.next() % UInt64(bytes.count))
                bytes[position] = UInt8(truncatingIfNeeded: generator.next())
            }
            if round % 3 == 0 { bytes = Array(bytes.prefix(Int(generator.next() % UInt64(bytes.count)))) }
            let path = Fixtures.write(bytes, to: "m\(round).warc\(gzipped ? ".gz" : "")", in: directory)
            do {
                let result = try drain(path)
                #expect(result.documents.count + result.skipped.count <= records.count + 2)
                for document in result.documents { #expect(document.metadata.sourceFile == path) }
            } catch let error as IngestError {
                #expect("\(error)".contains(path))
            }
        }
    }
}
