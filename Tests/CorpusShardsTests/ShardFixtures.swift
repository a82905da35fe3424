import CorpusShards
import CorpusTestSupport
import Foundation

/// Random documents and small datasets for the shard tests.
enum ShardFixtures {
    /// `count` documents of 1–`maxLength` ids below `vocab`, each ending with id 2 (eos), with ids "doc-N".
    static func documents(_ count: Int, vocab: Int = 32_000, maxLength: Int = 300, seed: UInt64 = 1) -> [(id: String, tokens: [UInt32])] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { index in
            let length = 1 + Int(random.next() % UInt64(maxLength))
            let tokens = (0..<(length - 1)).map { _ in UInt32(random.next() % UInt64(vocab)) } + [2]
            return ("doc-\(index)", tokens)
        }
    }

    /// Options for small tests: tiny blocks and shards so boundaries are crossed often.
    static func options(vocab: Int = 32_000, blockTokens: Int = 64, shardTokens: Int = 1_000, validation: Double = 0) -> DatasetWriterOptions {
        var options = DatasetWriterOptions(vocabSize: vocab, tokenizerHash: Array(repeating: 0xAB, count: 32))
        options.blockTokens = blockTokens
        options.shardTokens = shardTokens
        options.validationFraction = validation
        options.sequenceLength = 16
        options.config = .object(["preset": .string("test"), "eos": .integer(2)])
        return options
    }

    /// Writes `documents` to a new dataset folder and returns the folder and manifest.
    @discardableResult
    static func write(_ documents: [(id: String, tokens: [UInt32])], options: DatasetWriterOptions = options(),
                      to directory: String = Fixtures.temporaryDirectory() + "/data") throws -> (directory: String, manifest: DatasetManifest) {
        let writer = try DatasetWriter(directory: directory, options: options)
        for document in documents { try writer.append(documentID: document.id, tokens: document.tokens) }
        return (directory, try writer.finish())
    }

    /// Every document of `split`, in order, read back with `ShardReader`.
    static func readAll(_ directory: String, split: DatasetSplit = .train) throws -> [[UInt32]] {
        let dataset = try TokenDataset(directory: directory)
        return try dataset.shards(of: split).flatMap { shard -> [[UInt32]] in
            let reader = try dataset.open(shard)
            return try (0..<reader.documentCount).map { try reader.document($0) }
        }
    }

    /// Flips every bit of the byte at `offset` of `path`.
    static func flipByte(at offset: Int, of path: String) throws {
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[offset] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// The bytes of a file.
    static func bytes(_ path: String) throws -> [UInt8] { try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) }

    /// A little-endian integer at `offset`.
    static func integer<T: FixedWidthInteger>(_ bytes: [UInt8], at offset: Int, as type: T.Type) -> T {
        var value = T.zero
        for i in 0..<MemoryLayout<T>.size { value |= T(bytes[offset + i]) << (8 * i) }
        return value
    }
}
