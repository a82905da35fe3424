import CorpusShards
import CorpusTestSupport
import Foundation
import Testing

@Suite("token shards: writing and reading back")
struct ShardRoundTripTests {
    @Test("documents read back exactly, across block and shard boundaries, with 2-byte tokens")
    func roundTripNarrow() throws {
        let documents = ShardFixtures.documents(60)
        let (directory, manifest) = try ShardFixtures.write(documents)
        #expect(manifest.tokenWidth == 2)
        #expect(manifest.shards.count > 3, "small shards roll over")
        #expect(try ShardFixtures.readAll(directory) == documents.map(\.tokens))
        #expect(manifest.totals["train"]?.tokens == documents.reduce(0) { $0 + $1.tokens.count })
    }

    @Test("a vocabulary above 65,536 stores 4-byte tokens and reads them back")
    func roundTripWide() throws {
        let documents = ShardFixtures.documents(40, vocab: 200_000)
        let (directory, manifest) = try ShardFixtures.write(documents, options: ShardFixtures.options(vocab: 200_000))
        #expect(manifest.tokenWidth == 4)
        #expect(documents.contains { $0.tokens.contains { $0 > 65_535 } })
        #expect(try ShardFixtures.readAll(directory) == documents.map(\.tokens))
    }

    @Test("any token range reads what the concatenated documents hold, in or across blocks")
    func tokenRanges() throws {
        let documents = ShardFixtures.documents(12, maxLength: 100)
        let (directory, _) = try ShardFixtures.write(documents, options: ShardFixtures.options(shardTokens: 100_000))
        let dataset = try TokenDataset(directory: directory)
        let reader = try dataset.open(dataset.shards(of: .train)[0])
        let all = documents.flatMap(\.tokens)
        #expect(reader.tokenCount == all.count)
        var random = SplitMix64(seed: 9)
        for _ in 0..<200 {
            let start = Int(random.next() % UInt64(all.count))
            let end = start + Int(random.next() % UInt64(all.count - start + 1))
            #expect(try reader.tokens(in: start..<end) == Array(all[start..<end]), "range \(start)..<\(end)")
        }
        #expect(try reader.tokens(in: 0..<all.count) == all)
        #expect(throws: ShardError.self) { try reader.tokens(in: 0..<(all.count + 1)) }
        #expect(throws: ShardError.self) { try reader.document(reader.documentCount) }
    }

    @Test("the block index records the document holding each block's first token")
    func blockFirstDocuments() throws {
        let (directory, _) = try ShardFixtures.write(ShardFixtures.documents(30, maxLength: 90), options: ShardFixtures.options(shardTokens: 100_000))
        let dataset = try TokenDataset(directory: directory)
        let reader = try dataset.open(dataset.shards(of: .train)[0])
        let offsets = reader.documentOffsets
        for (block, first) in reader.blockFirstDocuments.enumerated() {
            let start = block * reader.header.blockTokens
            #expect(offsets[first] <= start && start < offsets[first + 1], "block \(block)")
        }
    }

    @Test("the same appends give byte-identical shards and manifest")
    func deterministic() throws {
        let documents = ShardFixtures.documents(50)
        let options = ShardFixtures.options(validation: 0.3)
        let (first, _) = try ShardFixtures.write(documents, options: options)
        let (second, _) = try ShardFixtures.write(documents, options: options)
        let names = try FileManager.default.contentsOfDirectory(atPath: first).sorted()
        #expect(try FileManager.default.contentsOfDirectory(atPath: second).sorted() == names)
        for name in names { #expect(try ShardFixtures.bytes(first + "/" + name) == ShardFixtures.bytes(second + "/" + name), "\(name)") }
    }

    @Test("documents go to validation by a hash of their id, the same way every run")
    func splitByIDHash() throws {
        let documents = ShardFixtures.documents(400, maxLength: 20)
        let (directory, manifest) = try ShardFixtures.write(documents, options: ShardFixtures.options(validation: 0.25))
        let rule = SplitRule(validationFraction: 0.25, seed: 0)
        let expected = documents.filter { rule.split(of: $0.id) == .validation }
        #expect(expected.count > 60 && expected.count < 140, "about a quarter: \(expected.count)")
        #expect(try ShardFixtures.readAll(directory, split: .validation) == expected.map(\.tokens))
        #expect(try ShardFixtures.readAll(directory, split: .train) == documents.filter { rule.split(of: $0.id) == .train }.map(\.tokens))
        #expect(manifest.totals["validation"]?.documents == expected.count)
        #expect(manifest.shards(of: .validation).allSatisfy { $0.file.hasPrefix("validation-") })
        #expect(SplitRule(validationFraction: 0.25, seed: 7).split(of: "doc-1") == SplitRule(validationFraction: 0.25, seed: 7).split(of: "doc-1"))
        #expect(documents.allSatisfy { SplitRule(validationFraction: 0, seed: 3).split(of: $0.id) == .train })
        #expect(documents.allSatisfy { SplitRule(validationFraction: 1, seed: 3).split(of: $0.id) == .validation })
    }

    @Test("a shard rolls over before a document that would pass shardTokens, and a longer document gets a shard alone")
    func shardRollover() throws {
        let documents: [(id: String, tokens: [UInt32])] = [("a", Array(repeating: 5, count: 600)), ("b", Array(repeating: 6, count: 600)),
                                                           ("c", Array(repeating: 7, count: 2_500)), ("d", [2])]
        let (_, manifest) = try ShardFixtures.write(documents)
        #expect(manifest.shards.map(\.tokens) == [600, 600, 2_500, 1])
    }

    @Test("the manifest records the producer config, tokenizer hash, sizes and checksums")
    func manifestContents() throws {
        let (directory, manifest) = try ShardFixtures.write(ShardFixtures.documents(20))
        let text = try String(contentsOfFile: directory + "/manifest.json", encoding: .utf8)
        #expect(text.contains(#""tokenizer_sha256" : "abababab"#))
        #expect(text.contains(#""preset" : "test""#))
        #expect(text.contains(#""parts_per_million" : 0"#))
        #expect(try DatasetManifest.read(directory: directory) == manifest)
        for shard in manifest.shards {
            let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/" + shard.file)
            #expect((attributes[.size] as? Int) == shard.bytes)
            #expect(shard.xxh64.count == 16)
        }
    }

    @Test("a token id at or above the vocabulary size is refused")
    func refusesOutOfVocabulary() throws {
        let writer = try DatasetWriter(directory: Fixtures.temporaryDirectory() + "/d", options: ShardFixtures.options(vocab: 100))
        #expect(throws: ShardError.self) { try writer.append(documentID: "x", tokens: [1, 100, 2]) }
        writer.abandon()
    }

    @Test("options that cannot work are refused before any file is made")
    func validatesOptions() throws {
        var options = ShardFixtures.options()
        options.tokenizerHash = [1, 2, 3]
        let directory = Fixtures.temporaryDirectory() + "/never"
        #expect(throws: ShardError.self) { try DatasetWriter(directory: directory, options: options) }
        #expect(!FileManager.default.fileExists(atPath: directory))
        options = ShardFixtures.options(blockTokens: 10, shardTokens: 5)
        #expect(throws: ShardError.self) { try options.validate() }
    }
}
