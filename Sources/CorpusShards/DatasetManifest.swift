import Foundation

/// `manifest.json` of a dataset folder: what every shard holds, with its size and checksum, the
/// totals, the tokenizer, the split rule and the configuration that produced it. Written last,
/// so a folder without one is an unfinished run. Field names are the JSON keys in snake case (listed in Shards/README.md).
public struct DatasetManifest: Codable, Equatable, Sendable {
    /// The manifest's file name inside a dataset folder.
    public static let fileName = "manifest.json"
    /// The manifest format this code writes and reads.
    public static let currentVersion = 1

    /// Always "corpus-token-shards".
    public var format = "corpus-token-shards"
    /// Manifest format version (1).
    public var version = DatasetManifest.currentVersion
    /// Shard file format version (1).
    public var shardFormatVersion = Int(ShardHeader.formatVersion)
    /// SHA-256 of the tokenizer model file, 64 lowercase hex digits.
    public var tokenizerSHA256: String
    /// The tokenizer's vocabulary size.
    public var vocabSize: Int
    /// Bytes per stored token: 2 or 4.
    public var tokenWidth: Int
    /// Tokens per block.
    public var blockTokens: Int
    /// The most tokens a shard holds, unless one document alone is longer.
    public var shardTokens: Int
    /// The block transform ("none").
    public var transform: String
    /// The sequence length training is meant to use; readers may pack other lengths.
    public var sequenceLength: Int
    /// How documents were assigned to splits.
    public var split: SplitRule
    /// Documents, tokens and shards per split.
    public var totals: [String: SplitTotals]
    /// Every shard, train shards first, each split in order.
    public var shards: [ShardSummary]
    /// The configuration that produced the dataset, as the producer gave it.
    public var config: JSONValue

    /// The shards of `split`, in order.
    public func shards(of split: DatasetSplit) -> [ShardSummary] { shards.filter { $0.split == split } }

    /// Reads the manifest of the dataset at `directory`; a missing one is an incomplete dataset.
    public static func read(directory: String) throws -> DatasetManifest {
        let path = directory + "/" + fileName
        guard directoryEntries(directory) != nil else { throw ShardError.cannotRead(path: directory, reason: "no such folder, or it cannot be listed") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ShardError.incompleteDataset(path: directory, detail: "no \(fileName)")
        }
        let manifest: DatasetManifest
        do {
            manifest = try JSONDecoder().decode(DatasetManifest.self, from: data)
        } catch {
            throw ShardError.unsupported(path: path, detail: "not a dataset manifest: \(error)")
        }
        guard manifest.format == "corpus-token-shards", manifest.version == currentVersion else {
            throw ShardError.unsupported(path: path, detail: "manifest \(manifest.format) version \(manifest.version); this build reads corpus-token-shards version \(currentVersion)")
        }
        return manifest
    }

    /// The manifest as written: pretty-printed JSON with sorted keys, so equal datasets give equal bytes.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }

    private enum CodingKeys: String, CodingKey {
        case format, version, transform, split, totals, shards, config
        case shardFormatVersion = "shard_format_version", vocabSize = "vocab_size", tokenWidth = "token_width"
        case blockTokens = "block_tokens", shardTokens = "shard_tokens", sequenceLength = "sequence_length"
        case tokenizerSHA256 = "tokenizer_sha256"
    }
}

/// The rule that sends a document to validation: `xxh64(utf8(id), seed) % 1_000_000 < partsPerMillion`.
public struct SplitRule: Codable, Equatable, Sendable {
    /// The rule in words, for people reading the manifest.
    public var rule = "validation when xxh64(utf8(document id), seed) % 1000000 < parts_per_million"
    /// The XXH64 seed.
    public var seed: UInt64
    /// The validation fraction asked for.
    public var validationFraction: Double
    /// The fraction in parts per million, as the rule compares it.
    public var partsPerMillion: UInt64

    /// The rule for `fraction` (0...1) and `seed`.
    public init(validationFraction fraction: Double, seed: UInt64) {
        self.seed = seed
        validationFraction = fraction
        partsPerMillion = UInt64((fraction * 1_000_000).rounded())
    }

    private enum CodingKeys: String, CodingKey {
        case rule, seed
        case validationFraction = "validation_fraction", partsPerMillion = "parts_per_million"
    }

    /// The split of the document called `id`.
    public func split(of id: String) -> DatasetSplit {
        var id = id
        let hash = id.withUTF8 { Checksum.xxh64(UnsafeRawBufferPointer($0), seed: seed) }
        return hash % 1_000_000 < partsPerMillion ? .validation : .train
    }
}

/// Counts for one split.
public struct SplitTotals: Codable, Equatable, Sendable {
    /// Shard files.
    public var shards = 0
    /// Documents.
    public var documents = 0
    /// Tokens.
    public var tokens = 0

    /// Counts of `shards` shard files holding `documents` documents and `tokens` tokens.
    public init(shards: Int = 0, documents: Int = 0, tokens: Int = 0) {
        self.shards = shards
        self.documents = documents
        self.tokens = tokens
    }
}
