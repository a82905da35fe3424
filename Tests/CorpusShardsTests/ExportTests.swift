import CorpusShards
import CorpusTestSupport
import Foundation
import Testing

@Suite("token shards: Megatron and NumPy exports")
struct ExportTests {
    @Test("the Megatron .bin/.idx pair holds every document as one sequence, as Megatron's reader parses it", arguments: [32_000, 200_000])
    func megatron(vocab: Int) throws {
        let documents = ShardFixtures.documents(25, vocab: vocab)
        let (directory, _) = try ShardFixtures.write(documents, options: ShardFixtures.options(vocab: vocab))
        let prefix = Fixtures.temporaryDirectory() + "/out/mega"
        let result = try DatasetExport.export(TokenDataset(directory: directory), split: .train, format: .megatron, prefix: prefix)
        #expect(result.documents == 25)
        let index = try ShardFixtures.bytes(prefix + ".idx")
        let data = try ShardFixtures.bytes(prefix + ".bin")
        #expect(Array(index[0..<9]) == Array("MMIDIDX".utf8) + [0, 0])
        #expect(ShardFixtures.integer(index, at: 9, as: UInt64.self) == 1)
        let width = vocab <= 65_536 ? 2 : 4
        #expect(index[17] == (width == 2 ? 8 : 4), "uint16 is dtype code 8, int32 code 4")
        let sequences = Int(ShardFixtures.integer(index, at: 18, as: UInt64.self))
        let documentIndexCount = Int(ShardFixtures.integer(index, at: 26, as: UInt64.self))
        #expect(sequences == 25 && documentIndexCount == 26)
        var offset = 34
        let lengths = (0..<sequences).map { i in Int(ShardFixtures.integer(index, at: offset + 4 * i, as: Int32.self)) }
        offset += 4 * sequences
        let pointers = (0..<sequences).map { i in Int(ShardFixtures.integer(index, at: offset + 8 * i, as: Int64.self)) }
        offset += 8 * sequences
        let documentIndex = (0..<documentIndexCount).map { i in Int(ShardFixtures.integer(index, at: offset + 8 * i, as: Int64.self)) }
        #expect(offset + 8 * documentIndexCount == index.count)
        #expect(documentIndex == Array(0...25))
        for (i, document) in documents.enumerated() {
            #expect(lengths[i] == document.tokens.count)
            let tokens = (0..<lengths[i]).map { t in
                width == 2 ? UInt32(ShardFixtures.integer(data, at: pointers[i] + 2 * t, as: UInt16.self))
                    : ShardFixtures.integer(data, at: pointers[i] + 4 * t, as: UInt32.self)
            }
            #expect(tokens == document.tokens, "document \(i)")
        }
    }

    @Test("the .npy files hold all tokens and the document offsets, with headers NumPy reads")
    func npy() throws {
        let documents = ShardFixtures.documents(25)
        let (directory, _) = try ShardFixtures.write(documents)
        let prefix = Fixtures.temporaryDirectory() + "/np"
        try DatasetExport.export(TokenDataset(directory: directory), split: .train, format: .npy, prefix: prefix)
        let tokens = try ShardFixtures.bytes(prefix + ".tokens.npy")
        let offsets = try ShardFixtures.bytes(prefix + ".offsets.npy")
        let all = documents.flatMap(\.tokens)
        for (file, descr, count, size) in [(tokens, "<u2", all.count, 2), (offsets, "<u8", 26, 8)] {
            #expect(Array(file[0..<8]) == [0x93] + Array("NUMPY".utf8) + [1, 0])
            let headerLength = Int(ShardFixtures.integer(file, at: 8, as: UInt16.self))
            let header = String(decoding: file[10..<(10 + headerLength)], as: UTF8.self)
            #expect(header.hasPrefix("{'descr': '\(descr)', 'fortran_order': False, 'shape': (\(count),), }"))
            #expect(header.hasSuffix("\n") && (10 + headerLength) % 64 == 0)
            #expect(file.count == 10 + headerLength + count * size)
        }
        let start = 10 + Int(ShardFixtures.integer(tokens, at: 8, as: UInt16.self))
        #expect((0..<all.count).map { UInt32(ShardFixtures.integer(tokens, at: start + 2 * $0, as: UInt16.self)) } == all)
        let offsetsStart = 10 + Int(ShardFixtures.integer(offsets, at: 8, as: UInt16.self))
        var expected = [0]
        for document in documents { expected.append(expected[expected.count - 1] + document.tokens.count) }
        #expect((0..<26).map { Int(ShardFixtures.integer(offsets, at: offsetsStart + 8 * $0, as: UInt64.self)) } == expected)
    }
}
