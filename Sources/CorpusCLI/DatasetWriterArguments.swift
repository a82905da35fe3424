import ArgumentParser
import CorpusPipeline
import CorpusShards

/// The dataset-writing options `shard` and `shards from-ids` share: split, blocks, shard size.
struct DatasetWriterArguments: ParsableArguments {
    @Option(help: "Sequence length training will use (recorded in the manifest; sequences are packed at read time).")
    var seqLen = 2048

    @Option(help: "Fraction of documents (by a hash of their id) written to the validation split, 0...1.")
    var validationFraction = 0.0

    @Option(help: "Seed of the document-id hash that picks the split.")
    var splitSeed: UInt64 = 0

    @Option(help: "Tokens per compressed block (the unit of random access).")
    var blockTokens = 65_536

    @Option(help: "At most this many tokens per shard file (shards end at document boundaries).")
    var shardTokens = 1 << 26

    @Option(help: "lz4 level: 0-2 fast, 3-12 lz4-HC (smaller files, slower writing).")
    var compressionLevel = 3

    /// Writer options for a tokenizer of `vocabSize` ids whose model hashes to `tokenizerHash`.
    func options(vocabSize: Int, tokenizerHash: [UInt8]) -> DatasetWriterOptions {
        ShardStageSettings(seqLen: seqLen, validationFraction: validationFraction, splitSeed: splitSeed, blockTokens: blockTokens,
                           shardTokens: shardTokens, compressionLevel: compressionLevel)
            .writerOptions(vocabSize: vocabSize, tokenizerHash: tokenizerHash)
    }

    func validate() throws {
        do {
            try options(vocabSize: 1, tokenizerHash: [UInt8](repeating: 0, count: 32)).validate()
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
