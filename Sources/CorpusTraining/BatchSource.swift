import CorpusShards

/// Training batches from token shards: the split's tokens packed into fixed-length sequences,
/// visited in a seeded order that is reshuffled every epoch. Batch `n` depends only on `n`, so
/// a resumed run reads exactly what the uninterrupted run would have.
public final class BatchSource {
    /// The packed sequences.
    public let sequences: PackedSequences
    /// Sequences per batch.
    public let batchSize: Int
    private let reader: SequenceReader
    private let shuffle: SequenceShuffle?
    private var buffer: [UInt32]

    /// Batches of `batchSize` sequences of `sequenceLength` tokens from `split`; `shuffled`
    /// false reads the sequences in order (evaluation).
    public init(dataset: TokenDataset, split: DatasetSplit, sequenceLength: Int, batchSize: Int, seed: UInt64, shuffled: Bool) throws {
        sequences = try PackedSequences(dataset: dataset, split: split, sequenceLength: sequenceLength)
        self.batchSize = batchSize
        reader = SequenceReader(sequences)
        shuffle = shuffled && sequences.count > 0 ? SequenceShuffle(count: sequences.count, seed: seed) : nil
        buffer = [UInt32](repeating: 0, count: sequenceLength)
    }

    /// Whether there is at least one whole sequence.
    public var isEmpty: Bool { sequences.count == 0 }

    /// The epoch and position within it where batch `index` starts.
    public func position(ofBatch index: Int) -> (epoch: Int, sequence: Int) {
        let first = index * batchSize
        return (first / max(1, sequences.count), first % max(1, sequences.count))
    }

    /// Batch `index` (wrapping around epochs).
    public func batch(_ index: Int) throws -> TrainingBatch {
        let length = sequences.sequenceLength
        var ids: [Int32] = []
        ids.reserveCapacity(batchSize * length)
        for row in 0..<batchSize {
            let global = index * batchSize + row
            let epoch = global / sequences.count, offset = global % sequences.count
            let item = shuffle?.item(at: offset, epoch: epoch) ?? offset
            try buffer.withUnsafeMutableBufferPointer { try reader.read(item, into: $0) }
            for token in buffer { ids.append(Int32(bitPattern: token)) }
        }
        return TrainingBatch(ids: ids, batch: batchSize, length: length)
    }
}
