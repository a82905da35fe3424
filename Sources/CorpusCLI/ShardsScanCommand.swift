import ArgumentParser
import CorpusShards

/// `corpus shards scan DIR`: read speed on one thread, sequentially and as a trainer reads
/// (packed sequences in the shuffled order of one epoch).
struct ShardsScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Measure read speed on one thread: all tokens in order, then shuffled packed sequences.",
        discussion: """
            Sequential: every shard of --split read start to end in 1M-token pieces into one \
            UInt32 buffer. Shuffled: --sequences sequences of --sequence-length tokens in the \
            order of epoch 0 of the seeded shuffle. MB/s counts decoded bytes (tokens times the \
            stored width); checksums are verified on every block read.
            """
    )

    @Argument(help: "The dataset folder (holding manifest.json).")
    var directory: String

    @Option(help: "The split to read.")
    var split: DatasetSplit = .train

    @Option(help: "Tokens per packed sequence (default: the manifest's sequence length).")
    var sequenceLength: Int?

    @Option(help: "How many shuffled sequences to read (default: all, at most 20,000).")
    var sequences: Int?

    @Option(help: "Shuffle seed.")
    var seed: UInt64 = 0

    @Option(help: "Rounds of the sequential scan; the fastest is reported.")
    var rounds = 3

    func run() throws {
        let terminal = Terminal()
        try ShardsFailure.mapping(terminal) {
            let dataset = try TokenDataset(directory: directory)
            let width = Double(dataset.manifest.tokenWidth)
            let clock = ContinuousClock()
            var best = Double.infinity
            var tokens = 0
            let buffer = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: 1 << 20)
            defer { buffer.deallocate() }
            for _ in 0..<max(1, rounds) {
                let started = clock.now
                tokens = 0
                for shard in dataset.shards(of: split) {
                    let reader = try dataset.open(shard)
                    var position = 0
                    while position < reader.tokenCount {
                        let end = min(position + buffer.count, reader.tokenCount)
                        try reader.read(position..<end, into: UnsafeMutableBufferPointer(rebasing: buffer[..<(end - position)]))
                        position = end
                    }
                    tokens += reader.tokenCount
                }
                best = min(best, (clock.now - started).seconds)
            }
            print("sequential: \(Format.count(tokens)) tokens in \(Format.fixed(best, 3)) s: "
                  + "\(Format.fixed(Double(tokens) * width / best / 1e6, 0)) MB/s decoded, \(Format.fixed(Double(tokens) / best / 1e6, 1)) M tokens/s")

            let packed = try PackedSequences(dataset: dataset, split: split, sequenceLength: sequenceLength ?? dataset.manifest.sequenceLength)
            let count = min(packed.count, sequences ?? 20_000)
            guard count > 0 else { print("shuffled: no sequences of \(packed.sequenceLength) tokens"); return }
            let shuffle = SequenceShuffle(count: packed.count, seed: seed)
            let reader = SequenceReader(packed)
            let target = UnsafeMutableBufferPointer(rebasing: buffer[..<packed.sequenceLength])
            let started = clock.now
            for position in 0..<count { try reader.read(shuffle.item(at: position, epoch: 0), into: target) }
            let seconds = (clock.now - started).seconds
            let read = Double(count * packed.sequenceLength)
            print("shuffled: \(Format.count(count)) sequences of \(packed.sequenceLength) tokens in \(Format.fixed(seconds, 3)) s: "
                  + "\(Format.fixed(Double(count) / seconds, 0)) sequences/s, \(Format.fixed(read / seconds / 1e6, 1)) M tokens/s "
                  + "(\(Format.fixed(read * width / seconds / 1e6, 0)) MB/s of sequence tokens; blocks of \(Format.count(dataset.manifest.blockTokens)) tokens)")
        }
    }
}
