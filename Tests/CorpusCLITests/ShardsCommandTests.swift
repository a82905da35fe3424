import CorpusShards
import CorpusTestSupport
import Foundation
import Testing

@Suite("corpus shards command")
struct ShardsCommandTests {
    let directory = Fixtures.temporaryDirectory()

    /// A small dataset with train and validation shards, written by `corpus shards from-ids`.
    private func dataset() throws -> String {
        var random = SplitMix64(seed: 5)
        let lines = (0..<200).map { _ in (0..<(1 + random.next() % 40)).map { _ in String(random.next() % 8000) }.joined(separator: " ") }
        let ids = Fixtures.write(Array((lines.joined(separator: "\n") + "\n").utf8), to: "ids.txt", in: directory)
        let run = try corpus(["shards", "from-ids", ids, "--vocab-size", "8000", "-o", directory + "/data", "--block-tokens", "64",
                              "--shard-tokens", "1000", "--validation-fraction", "0.2"])
        #expect(run.status == 0, "\(run.stderr)")
        return directory + "/data"
    }

    @Test("verify accepts a sound dataset and reports the decoding speed")
    func verifyOK() throws {
        let run = try corpus(["shards", "verify", try dataset()])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("ok: "))
        #expect(run.stdout.contains("MB/s of decoded tokens"))
    }

    @Test("verify exits 65 naming the shard, block and offset of a flipped byte")
    func verifyCorrupt() throws {
        let data = try dataset()
        let shard = data + "/train-00001.shard"
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: shard)))
        bytes[300] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: shard))
        let run = try corpus(["shards", "verify", data, "--quiet"])
        #expect(run.status == 65)
        #expect(run.stderr.contains("\(shard): corrupt block "), "\(run.stderr)")
        #expect(run.stderr.contains("at byte offset"))
    }

    @Test("verify exits 65 on an incomplete dataset and 66 on no folder at all")
    func verifyIncomplete() throws {
        let data = try dataset()
        try FileManager.default.removeItem(atPath: data + "/manifest.json")
        let run = try corpus(["shards", "verify", data])
        #expect(run.status == 65)
        #expect(run.stderr.contains("incomplete dataset: no manifest.json"))
        #expect(try corpus(["shards", "verify", directory + "/nowhere"]).status == 66)
    }

    @Test("inspect prints totals, per-shard lines and the first documents' ids")
    func inspect() throws {
        let run = try corpus(["shards", "inspect", try dataset(), "--documents", "2"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("train: "))
        #expect(run.stdout.contains("validation-00000.shard"))
        #expect(run.stdout.contains("document 1 ("))
    }

    @Test("export writes Megatron and npy files; an unknown format is a usage error")
    func export() throws {
        let data = try dataset()
        #expect(try corpus(["shards", "export", data, "--to", "megatron", "-o", directory + "/m"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: directory + "/m.idx") && FileManager.default.fileExists(atPath: directory + "/m.bin"))
        #expect(try corpus(["shards", "export", data, "--to", "npy", "-o", directory + "/n", "--split", "validation"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: directory + "/n.tokens.npy"))
        #expect(try corpus(["shards", "export", data, "--to", "parquet", "-o", directory + "/p"]).status == 64)
    }

    @Test("scan reports sequential and shuffled read speeds")
    func scan() throws {
        let run = try corpus(["shards", "scan", try dataset(), "--sequence-length", "16", "--rounds", "1"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("sequential: ") && run.stdout.contains("shuffled: "))
    }
}
