import CorpusShards
import CorpusTestSupport
import Foundation
import Testing

@Suite("token shards: damage is found and named")
struct ShardCorruptionTests {
    /// A one-shard dataset with several blocks, and its shard's path and header fields.
    private func dataset() throws -> (directory: String, shard: String, header: [UInt8]) {
        let (directory, manifest) = try ShardFixtures.write(ShardFixtures.documents(20, maxLength: 60), options: ShardFixtures.options(shardTokens: 100_000))
        let shard = directory + "/" + manifest.shards[0].file
        return (directory, shard, Array(try ShardFixtures.bytes(shard).prefix(256)))
    }

    /// What opening and fully reading `path` throws.
    private func failure(reading path: String) -> ShardError? {
        do {
            try ShardReader(path: path).verifyAll()
            return nil
        } catch let error as ShardError {
            return error
        } catch {
            return nil
        }
    }

    @Test("a flipped byte in a block names the shard, the block and its byte offset", arguments: [0, 1, 7, 30])
    func flippedBlockByte(position: Int) throws {
        let (_, shard, _) = try dataset()
        let reader = try ShardReader(path: shard)
        let block = min(2, reader.blockCount - 1)
        let index = try ShardFixtures.bytes(shard)
        let entry = reader.header.index.lowerBound + 32 * block
        let offset = Int(ShardFixtures.integer(index, at: entry, as: UInt64.self))
        let length = Int(ShardFixtures.integer(index, at: entry + 8, as: UInt32.self))
        try ShardFixtures.flipByte(at: offset + min(position, length - 1), of: shard)
        let error = failure(reading: shard)
        guard case .corrupt(let path, let part, let byteOffset, _) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(path == shard)
        #expect(part == "block \(block)")
        #expect(byteOffset == offset)
        #expect(error?.description.contains("\(shard): corrupt block \(block) at byte offset \(offset): checksum mismatch") == true)
        let opened = try ShardReader(path: shard)
        #expect(throws: ShardError.self) { try opened.tokens(in: (block * 64)..<(block * 64 + 1)) }
        #expect(try opened.tokens(in: 0..<1).count == 1, "other blocks still read")
    }

    @Test("a flipped byte in the header is found by the header checksum", arguments: [13, 20, 40, 60, 100, 130, 247, 250])
    func flippedHeaderByte(position: Int) throws {
        let (_, shard, _) = try dataset()
        try ShardFixtures.flipByte(at: position, of: shard)
        let error = failure(reading: shard)
        #expect(error == .corrupt(path: shard, part: "header", byteOffset: 0, detail: detail(of: error)))
    }

    @Test("a damaged magic or version says the file is not a shard this build reads", arguments: [0, 8])
    func flippedMagic(position: Int) throws {
        let (_, shard, _) = try dataset()
        try ShardFixtures.flipByte(at: position, of: shard)
        guard case .unsupported(let path, _) = failure(reading: shard) else { Issue.record("expected unsupported"); return }
        #expect(path == shard)
    }

    @Test("a flipped byte in the block index or document offsets names that section", arguments: [0, 5, 31, 33])
    func flippedSectionByte(position: Int) throws {
        for (offsetField, part) in [(96, "block index"), (112, "document offsets")] {
            let (_, shard, header) = try dataset()
            let start = Int(ShardFixtures.integer(header, at: offsetField, as: UInt64.self))
            try ShardFixtures.flipByte(at: start + position, of: shard)
            let error = failure(reading: shard)
            #expect(error == .corrupt(path: shard, part: part, byteOffset: start, detail: detail(of: error)), "\(part)")
            #expect(error?.description.contains("checksum mismatch") == true)
        }
    }

    @Test("a truncated shard is refused on open, however much is cut", arguments: [1, 8, 200, 5_000])
    func truncated(cut: Int) throws {
        let (_, shard, _) = try dataset()
        let bytes = try ShardFixtures.bytes(shard)
        try Data(bytes.prefix(max(0, bytes.count - cut))).write(to: URL(fileURLWithPath: shard))
        let error = failure(reading: shard)
        guard case .corrupt(let path, _, _, let detail) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(path == shard)
        #expect(detail.contains("truncated"))
    }

    @Test("a folder without a manifest is an incomplete dataset")
    func noManifest() throws {
        let (directory, _, _) = try dataset()
        try FileManager.default.removeItem(atPath: directory + "/manifest.json")
        #expect(throws: ShardError.incompleteDataset(path: directory, detail: "no manifest.json")) { try TokenDataset(directory: directory) }
    }

    @Test("a missing shard or one of the wrong size makes the dataset incomplete")
    func missingOrResized() throws {
        let (directory, manifest) = try ShardFixtures.write(ShardFixtures.documents(30))
        let second = directory + "/" + manifest.shards[1].file
        let bytes = try ShardFixtures.bytes(second)
        try Data(bytes + [0]).write(to: URL(fileURLWithPath: second))
        #expect(throws: ShardError.incompleteDataset(path: directory, detail: "\(manifest.shards[1].file) has \(bytes.count + 1) bytes, the manifest says \(bytes.count)")) {
            try TokenDataset(directory: directory)
        }
        try FileManager.default.removeItem(atPath: second)
        #expect(throws: ShardError.incompleteDataset(path: directory, detail: "the manifest lists \(manifest.shards[1].file) but it is missing")) {
            try TokenDataset(directory: directory)
        }
    }

    @Test("verify finds a flipped byte anywhere in any shard of a dataset")
    func verifyFindsDamage() throws {
        let (directory, manifest) = try ShardFixtures.write(ShardFixtures.documents(30))
        let result = try TokenDataset(directory: directory).verify()
        #expect(result.shards == manifest.shards.count)
        var random = SplitMix64(seed: 4)
        for _ in 0..<6 {
            let (damaged, list) = try ShardFixtures.write(ShardFixtures.documents(30))
            let shard = list.shards[Int(random.next() % UInt64(list.shards.count))]
            try ShardFixtures.flipByte(at: Int(random.next() % UInt64(shard.bytes)), of: damaged + "/" + shard.file)
            #expect(throws: ShardError.self) { try TokenDataset(directory: damaged).verify() }
        }
    }

    @Test("a new writer removes the manifest, shards and temporary files of an earlier run, and nothing else")
    func staleFilesRemoved() throws {
        let (directory, _) = try ShardFixtures.write(ShardFixtures.documents(30))
        for name in [".train-00007.shard.tmp", "train-00099.shard", ".manifest.json.tmp", "notes.txt", "train-x.shard"] {
            Fixtures.write([1], to: name, in: directory)
        }
        let writer = try DatasetWriter(directory: directory, options: ShardFixtures.options())
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["notes.txt", "train-x.shard"])
        try writer.append(documentID: "a", tokens: [1, 2])
        writer.abandon()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["notes.txt", "train-x.shard"])
    }

    private func detail(of error: ShardError?) -> String {
        if case .corrupt(_, _, _, let detail) = error { return detail }
        return ""
    }
}
