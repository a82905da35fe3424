/// The sequences of one split: each shard's token stream (documents back to back, each ending
/// with the end-of-sequence id) cut into windows of `sequenceLength` tokens — sequence j of a
/// shard is its tokens [j·L, (j+1)·L) — numbered across the split's shards in manifest order.
/// A shard's last `tokenCount % L` tokens belong to no sequence. A trainer that wants inputs and
/// shifted targets asks for L + 1.
public struct PackedSequences: Sendable {
    /// Tokens per sequence (L).
    public let sequenceLength: Int
    /// Sequences in the split.
    public let count: Int
    /// The split's shard paths, in order.
    public let shardPaths: [String]
    /// Index of each shard's first sequence, then `count`.
    private let firstSequence: [Int]

    /// The sequences of `split` in `dataset`, `sequenceLength` tokens each.
    public init(dataset: TokenDataset, split: DatasetSplit, sequenceLength: Int) throws {
        guard sequenceLength > 0 else { throw ShardError.invalidOptions("sequence length \(sequenceLength); give a positive length") }
        self.sequenceLength = sequenceLength
        let shards = dataset.shards(of: split)
        shardPaths = shards.map { dataset.path(of: $0) }
        var starts = [0]
        for shard in shards { starts.append(starts[starts.count - 1] + shard.tokens / sequenceLength) }
        firstSequence = starts
        count = starts[starts.count - 1]
    }

    /// Tokens that belong to no sequence (each shard's tail).
    public func droppedTokens(in dataset: TokenDataset, split: DatasetSplit) -> Int {
        dataset.shards(of: split).reduce(0) { $0 + $1.tokens % sequenceLength }
    }

    /// The shard (an index into `shardPaths`) and token range of `sequence`.
    public func location(of sequence: Int) -> (shard: Int, tokens: Range<Int>) {
        precondition(sequence >= 0 && sequence < count, "sequence \(sequence) outside 0..<\(count)")
        var low = 0
        var high = firstSequence.count - 1
        while high - low > 1 {
            let middle = (low + high) / 2
            if firstSequence[middle] <= sequence { low = middle } else { high = middle }
        }
        let start = (sequence - firstSequence[low]) * sequenceLength
        return (low, start..<(start + sequenceLength))
    }
}

/// Reads packed sequences by number, keeping a few shard readers open (the most recently used).
/// One per thread, like `ShardReader`.
public final class SequenceReader {
    /// The sequences read.
    public let sequences: PackedSequences
    private let openLimit: Int
    private var readers: [Int: (reader: ShardReader, lastUse: Int)] = [:]
    private var uses = 0

    /// A reader of `sequences` keeping at most `openShards` shards open.
    public init(_ sequences: PackedSequences, openShards: Int = 8) {
        self.sequences = sequences
        openLimit = max(1, openShards)
    }

    /// Writes sequence `index` (`sequenceLength` tokens) into `destination`.
    public func read(_ index: Int, into destination: UnsafeMutableBufferPointer<UInt32>) throws {
        let (shard, tokens) = sequences.location(of: index)
        try reader(for: shard).read(tokens, into: destination)
    }

    /// Sequence `index`.
    public func sequence(_ index: Int) throws -> [UInt32] {
        try [UInt32](unsafeUninitializedCapacity: sequences.sequenceLength) { buffer, initialized in
            try read(index, into: buffer)
            initialized = buffer.count
        }
    }

    private func reader(for shard: Int) throws -> ShardReader {
        uses += 1
        if let open = readers[shard] {
            readers[shard] = (open.reader, uses)
            return open.reader
        }
        if readers.count >= openLimit, let oldest = readers.min(by: { $0.value.lastUse < $1.value.lastUse })?.key {
            readers[oldest] = nil
        }
        let reader = try ShardReader(path: sequences.shardPaths[shard])
        readers[shard] = (reader, uses)
        return reader
    }
}
