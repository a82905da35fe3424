#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Settings of a dataset being written; `validate()` checks them before any file is touched.
public struct DatasetWriterOptions: Sendable {
    /// The tokenizer's vocabulary size; at most 65,536 stores 2 bytes per token, more stores 4.
    public var vocabSize: Int
    /// SHA-256 of the tokenizer model file (32 bytes), so readers can check they decode with the same one.
    public var tokenizerHash: [UInt8]
    /// Tokens per compressed block: the unit of random access (a read decodes whole blocks).
    public var blockTokens = 65_536
    /// A new shard file starts before a document that would take a shard past this many tokens.
    public var shardTokens = 1 << 26
    /// Fraction of documents (by a hash of their id) that go to validation, 0...1.
    public var validationFraction = 0.0
    /// Seed of the id hash that picks the split.
    public var splitSeed: UInt64 = 0
    /// The sequence length training is meant to use (recorded in the manifest).
    public var sequenceLength = 2048
    /// lz4 level: 0–2 fast, 3–12 lz4-HC. 3 gave ratio 1.43–1.53 on real ids at ~60 MB/s of
    /// writing, 9 barely more (Shards/README.md); reading is as fast at every level.
    public var compressionLevel = 3
    /// The configuration that produced the dataset, recorded in the manifest as given.
    public var config: JSONValue = .object([:])

    /// Options with the defaults above for a tokenizer of `vocabSize` ids whose model hashes to `tokenizerHash`.
    public init(vocabSize: Int, tokenizerHash: [UInt8]) {
        self.vocabSize = vocabSize
        self.tokenizerHash = tokenizerHash
    }

    /// Bytes per stored token for this vocabulary.
    public var tokenWidth: Int { vocabSize <= 65_536 ? 2 : 4 }

    /// Throws `ShardError.invalidOptions` naming the first setting that cannot work.
    public func validate() throws {
        func fail(_ detail: String) -> ShardError { ShardError.invalidOptions(detail) }
        guard vocabSize > 0 && vocabSize <= Int(UInt32.max) else { throw fail("vocabulary size \(vocabSize); give 1...\(UInt32.max)") }
        guard tokenizerHash.count == 32 else { throw fail("tokenizer hash of \(tokenizerHash.count) bytes; give the 32-byte SHA-256 of the model file") }
        guard blockTokens > 0 && blockTokens * tokenWidth <= 4 << 20 else {
            throw fail("block of \(blockTokens) tokens; give 1...\((4 << 20) / tokenWidth) (at most 4 MiB per block)")
        }
        guard shardTokens >= blockTokens else { throw fail("shard of \(shardTokens) tokens is smaller than a block (\(blockTokens))") }
        guard (0...1).contains(validationFraction) else { throw fail("validation fraction \(validationFraction); give 0...1") }
        guard sequenceLength > 0 else { throw fail("sequence length \(sequenceLength); give a positive length") }
        guard (0...12).contains(compressionLevel) else { throw fail("lz4 level \(compressionLevel); give 0...12") }
        guard case .object = config else { throw fail("the producer config must be a JSON object") }
    }
}

/// Writes a dataset folder: documents go to the train or validation shard sequence by a hash of
/// their id; each split's shards roll over every `shardTokens` tokens at document boundaries; the
/// manifest is written last. Starting a writer on a folder removes its manifest and the shard
/// files of any earlier run first. Same appends, same options: byte-identical folder.
public final class DatasetWriter {
    /// The dataset folder.
    public let directory: String
    /// The settings.
    public let options: DatasetWriterOptions
    private let rule: SplitRule
    private let layout: ShardLayout
    private var open: [DatasetSplit: ShardWriter] = [:]
    private var finished: [DatasetSplit: [ShardSummary]] = [:]
    private var done = false

    /// Prepares `directory` (created if missing, earlier shards and manifest removed).
    public init(directory: String, options: DatasetWriterOptions) throws {
        try options.validate()
        self.directory = directory
        self.options = options
        rule = SplitRule(validationFraction: options.validationFraction, seed: options.splitSeed)
        layout = ShardLayout(tokenWidth: options.tokenWidth, vocabSize: options.vocabSize, tokenizerHash: options.tokenizerHash,
                             blockTokens: options.blockTokens, compressionLevel: options.compressionLevel)
        try makeDirectories(directory)
        try DatasetWriter.removeEarlierRun(in: directory)
    }

    deinit { if !done { abandon() } }

    /// Appends one document; `tokens` already end with the end-of-sequence id the caller chose.
    public func append(documentID: String, tokens: UnsafeBufferPointer<UInt32>) throws {
        precondition(!done, "DatasetWriter.append after finish or abandon")
        let split = rule.split(of: documentID)
        if let shard = open[split], shard.tokenCount > 0, shard.tokenCount + tokens.count > options.shardTokens {
            finished[split, default: []].append(try shard.finish())
            open[split] = nil
        }
        let shard = try open[split] ?? ShardWriter(path: path(of: split, number: finished[split]?.count ?? 0), layout: layout, split: split)
        open[split] = shard
        try shard.append(document: tokens)
    }

    /// Appends one document.
    public func append(documentID: String, tokens: [UInt32]) throws {
        try tokens.withUnsafeBufferPointer { try append(documentID: documentID, tokens: $0) }
    }

    /// Closes the open shards and writes the manifest; the dataset is complete when this returns.
    @discardableResult
    public func finish() throws -> DatasetManifest {
        precondition(!done, "DatasetWriter.finish called twice")
        for split in DatasetSplit.allCases {
            if let shard = open[split] { finished[split, default: []].append(try shard.finish()) }
            open[split] = nil
        }
        let shards = DatasetSplit.allCases.flatMap { finished[$0] ?? [] }
        var totals: [String: SplitTotals] = [:]
        for split in DatasetSplit.allCases {
            let list = finished[split] ?? []
            totals[split.rawValue] = SplitTotals(shards: list.count, documents: list.reduce(0) { $0 + $1.documents },
                                                 tokens: list.reduce(0) { $0 + $1.tokens })
        }
        let manifest = DatasetManifest(
            tokenizerSHA256: options.tokenizerHash.map { String(format: "%02x", $0) }.joined(), vocabSize: options.vocabSize,
            tokenWidth: options.tokenWidth, blockTokens: options.blockTokens, shardTokens: options.shardTokens,
            transform: BlockTransform.none.name, sequenceLength: options.sequenceLength, split: rule, totals: totals,
            shards: shards, config: options.config)
        let file = try OutputFile(path: directory + "/" + DatasetManifest.fileName)
        try file.append(Array(try manifest.encoded()))
        try file.commit()
        done = true
        return manifest
    }

    /// Stops writing: removes the temporary files and the shards this run finished; no manifest appears.
    public func abandon() {
        for shard in open.values { shard.abandon() }
        for summary in finished.values.joined() { unlink(directory + "/" + summary.file) }
        open = [:]
        finished = [:]
        done = true
    }

    private func path(of split: DatasetSplit, number: Int) -> String {
        directory + "/" + DatasetWriter.shardName(split: split, number: number)
    }

    /// The file name of shard `number` of `split`: `train-00000.shard`, `validation-00003.shard`.
    public static func shardName(split: DatasetSplit, number: Int) -> String {
        let digits = String(number)
        return split.rawValue + "-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits + ".shard"
    }

    /// Removes the manifest, shard files and temporary files a writer makes; other files stay.
    static func removeEarlierRun(in directory: String) throws {
        for name in directoryEntries(directory) ?? [] where isWriterFile(name) {
            if unlink(directory + "/" + name) != 0 && errno != ENOENT {
                throw ShardError.cannotWrite(path: directory + "/" + name, reason: "cannot remove a file of an earlier run: \(lastError())")
            }
        }
    }

    /// Whether `name` is a file a dataset writer makes (shards, the manifest, their temporary names).
    static func isWriterFile(_ name: String) -> Bool {
        let plain = name.hasPrefix(".") && name.hasSuffix(".tmp") ? String(name.dropFirst().dropLast(4)) : name
        if plain == DatasetManifest.fileName { return true }
        guard plain.hasSuffix(".shard") else { return false }
        let stem = plain.dropLast(6)
        return DatasetSplit.allCases.contains { split in
            stem.hasPrefix(split.rawValue + "-") && stem.dropFirst(split.rawValue.count + 1).allSatisfy(\.isNumber)
        }
    }
}
