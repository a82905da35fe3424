import CorpusShards
import CorpusTestSupport
import Foundation
import Testing

/// The interop Python (`scripts/setup-python.sh` makes it), when it is there and imports lz4 and numpy.
private let interopPython = InteropPython.path(importing: "lz4.frame, numpy")

@Suite("scripts/read_shards.py, the Python reader written from Shards/README.md")
struct ShardsPythonReaderTests {
    @Test("reads the same ids the Swift reader reads, checking every checksum with its pure-Python XXH64",
          .enabled(if: interopPython != nil, "needs .venv-interop/bin/python with lz4 and numpy: run scripts/setup-python.sh"))
    func sameIDs() throws {
        let python = try #require(interopPython)
        let directory = Fixtures.temporaryDirectory()
        for vocab in [8_000, 100_000] {
            var options = DatasetWriterOptions(vocabSize: vocab, tokenizerHash: Array(repeating: 7, count: 32))
            options.blockTokens = 50
            options.shardTokens = 700
            options.validationFraction = 0.3
            let data = directory + "/data-\(vocab)"
            let writer = try DatasetWriter(directory: data, options: options)
            var random = SplitMix64(seed: UInt64(vocab))
            for index in 0..<120 {
                let tokens = (0..<(random.next() % 60)).map { _ in UInt32(random.next() % UInt64(vocab)) } + [2]
                try writer.append(documentID: "d\(index)", tokens: tokens)
            }
            try writer.finish()
            let dataset = try TokenDataset(directory: data)
            for split in DatasetSplit.allCases {
                var expected = ""
                for shard in dataset.shards(of: split) {
                    let reader = try dataset.open(shard)
                    for document in 0..<reader.documentCount {
                        expected += try reader.document(document).map(String.init).joined(separator: " ") + "\n"
                    }
                }
                let out = "\(directory)/\(vocab)-\(split.rawValue).txt"
                let process = Process()
                process.executableURL = URL(fileURLWithPath: python)
                process.arguments = [Repository.root + "/scripts/read_shards.py", data, "--split", split.rawValue, "--dump-ids", out, "--pure-xxh64"]
                process.standardOutput = FileHandle.nullDevice
                try process.run()
                process.waitUntilExit()
                #expect(process.terminationStatus == 0)
                #expect(try String(contentsOfFile: out, encoding: .utf8) == expected, "vocab \(vocab), \(split.rawValue)")
            }
        }
    }
}
