import CorpusShards
import CorpusTestSupport
import Testing

@Suite("token shards: packed sequences and the per-epoch shuffle")
struct PackedSequencesTests {
    @Test("sequences are consecutive windows of each shard's tokens; each shard's tail is dropped")
    func packing() throws {
        let documents = ShardFixtures.documents(40)
        let (directory, manifest) = try ShardFixtures.write(documents)
        let dataset = try TokenDataset(directory: directory)
        let packed = try PackedSequences(dataset: dataset, split: .train, sequenceLength: 37)
        #expect(packed.count == manifest.shards.reduce(0) { $0 + $1.tokens / 37 })
        #expect(packed.droppedTokens(in: dataset, split: .train) == manifest.shards.reduce(0) { $0 + $1.tokens % 37 })
        let reader = SequenceReader(packed, openShards: 2)
        var expected: [[UInt32]] = []
        for shard in manifest.shards {
            let tokens = try dataset.open(shard).tokens(in: 0..<shard.tokens)
            for j in 0..<(shard.tokens / 37) { expected.append(Array(tokens[(j * 37)..<((j + 1) * 37)])) }
        }
        #expect(try (0..<packed.count).map { try reader.sequence($0) } == expected)
        #expect(try (0..<packed.count).reversed().map { try reader.sequence($0) } == expected.reversed(), "random access in any order")
    }

    @Test("the shuffle of each epoch is a permutation, fixed by seed and epoch, different across epochs", arguments: [0, 1, 2, 3, 5, 17, 64, 1_000, 4_097])
    func shuffle(count: Int) {
        let shuffle = SequenceShuffle(count: count, seed: 42)
        for epoch in 0..<3 {
            let order = shuffle.order(epoch: epoch)
            #expect(order.sorted() == Array(0..<count), "epoch \(epoch)")
            #expect(order == SequenceShuffle(count: count, seed: 42).order(epoch: epoch))
        }
        if count >= 64 {
            #expect(shuffle.order(epoch: 0) != shuffle.order(epoch: 1))
            #expect(shuffle.order(epoch: 0) != SequenceShuffle(count: count, seed: 43).order(epoch: 0))
            #expect(shuffle.order(epoch: 0) != Array(0..<count))
        }
    }

    @Test("the shuffle gives the order an independent Python transcription of Shards/README.md gives")
    func shuffleGolden() {
        let shuffle = SequenceShuffle(count: 10, seed: 1)
        #expect(shuffle.order(epoch: 0) == [6, 9, 2, 4, 7, 8, 3, 5, 1, 0])
        #expect(shuffle.order(epoch: 1) == [3, 0, 1, 9, 6, 7, 8, 5, 2, 4])
    }

    @Test("the shuffle moves items far: the first tenth of an epoch draws from the whole range")
    func shuffleSpreads() {
        let shuffle = SequenceShuffle(count: 10_000, seed: 7)
        let head = (0..<1_000).map { shuffle.item(at: $0, epoch: 0) }
        #expect(head.filter { $0 >= 5_000 }.count > 400)
    }
}
