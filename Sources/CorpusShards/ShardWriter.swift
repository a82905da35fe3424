/// What a finished shard holds; the manifest lists one per shard file.
public struct ShardSummary: Codable, Equatable, Sendable {
    /// The file name inside the dataset folder.
    public var file: String
    /// The split of its documents.
    public var split: DatasetSplit
    /// The file's size in bytes.
    public var bytes: Int
    /// Documents in the shard.
    public var documents: Int
    /// Tokens in the shard.
    public var tokens: Int
    /// XXH64 (seed 0) of the whole file, 16 lowercase hex digits.
    public var xxh64: String
}

/// The settings every shard of a dataset shares.
struct ShardLayout {
    var tokenWidth: Int
    var vocabSize: Int
    var tokenizerHash: [UInt8]
    var blockTokens: Int
    var compressionLevel: Int
}

/// Writes one shard file: tokens are stored at the layout's width in blocks of `blockTokens`,
/// each compressed to an lz4 frame as soon as it fills; the index, the document offsets and
/// (last, at offset 0) the header follow at `finish`.
final class ShardWriter {
    private let layout: ShardLayout
    private let split: DatasetSplit
    private let file: OutputFile
    private var compressor: BlockCompressor
    private var pending: [UInt8]
    private var pendingTokens = 0
    private var pendingFirstDocument = 0
    private var index = ByteWriter()
    private var documentOffsets: [UInt64] = [0]
    private var blockCount = 0
    /// Tokens written so far.
    private(set) var tokenCount = 0

    /// Documents written so far.
    var documentCount: Int { documentOffsets.count - 1 }

    /// Starts the shard that will appear at `path`.
    init(path: String, layout: ShardLayout, split: DatasetSplit) throws {
        self.layout = layout
        self.split = split
        file = try OutputFile(path: path)
        compressor = try BlockCompressor(level: layout.compressionLevel)
        pending = [UInt8](repeating: 0, count: layout.blockTokens * layout.tokenWidth)
        try file.append([UInt8](repeating: 0, count: ShardHeader.size))
    }

    /// Appends one document's tokens; every id must be below the vocabulary size.
    func append(document tokens: UnsafeBufferPointer<UInt32>) throws {
        var consumed = 0
        while consumed < tokens.count {
            if pendingTokens == 0 { pendingFirstDocument = documentCount }
            let take = min(layout.blockTokens - pendingTokens, tokens.count - consumed)
            let piece = UnsafeBufferPointer(rebasing: tokens[consumed..<(consumed + take)])
            if !store(piece, at: pendingTokens) {
                throw ShardError.outOfRange(path: file.path, detail: "document \(documentCount) has a token id not below the vocabulary size \(layout.vocabSize)")
            }
            pendingTokens += take
            consumed += take
            if pendingTokens == layout.blockTokens { try flushBlock() }
        }
        tokenCount += tokens.count
        documentOffsets.append(UInt64(tokenCount))
    }

    /// Writes the block still open, the index, the document offsets and the header, then renames
    /// the file into place.
    func finish() throws -> ShardSummary {
        if pendingTokens > 0 { try flushBlock() }
        let indexStart = file.size
        try file.append(index.bytes)
        var offsets = ByteWriter()
        for offset in documentOffsets { offsets.u64(offset) }
        let offsetsStart = file.size
        try file.append(offsets.bytes)
        let header = ShardHeader(
            tokenWidth: layout.tokenWidth, transform: .none, split: split, blockTokens: layout.blockTokens,
            vocabSize: layout.vocabSize, tokenizerHash: layout.tokenizerHash, documentCount: documentCount,
            tokenCount: tokenCount, blockCount: blockCount, blocks: ShardHeader.size..<indexStart,
            index: indexStart..<offsetsStart, documentOffsets: offsetsStart..<file.size,
            indexChecksum: Checksum.xxh64(index.bytes), documentOffsetsChecksum: Checksum.xxh64(offsets.bytes))
        try file.write(header.encoded(), at: 0)
        try file.commit()
        let written = try InputFile(path: file.path)
        return ShardSummary(file: splitPath(file.path).name, split: split, bytes: written.size, documents: documentCount,
                            tokens: tokenCount, xxh64: Checksum.hex(try Checksum.xxh64(file: written)))
    }

    /// Deletes the temporary file.
    func abandon() { file.abandon() }

    /// Stores `tokens` at the layout's width from token `position` of the pending block; false
    /// when an id is out of the vocabulary.
    private func store(_ tokens: UnsafeBufferPointer<UInt32>, at position: Int) -> Bool {
        let limit = UInt32(truncatingIfNeeded: layout.vocabSize - 1)
        var largest: UInt32 = 0
        pending.withUnsafeMutableBytes { raw in
            if layout.tokenWidth == 2 {
                let target = raw.bindMemory(to: UInt16.self)
                for (offset, token) in tokens.enumerated() {
                    largest = max(largest, token)
                    target[position + offset] = UInt16(truncatingIfNeeded: token).littleEndian
                }
            } else {
                let target = raw.bindMemory(to: UInt32.self)
                for (offset, token) in tokens.enumerated() {
                    largest = max(largest, token)
                    target[position + offset] = token.littleEndian
                }
            }
        }
        return largest <= limit
    }

    private func flushBlock() throws {
        let offset = file.size
        let stored = try pending.withUnsafeBytes { (raw) throws -> UnsafeRawBufferPointer in
            try compressor.compress(UnsafeRawBufferPointer(rebasing: raw[..<(pendingTokens * layout.tokenWidth)]), path: file.path)
        }
        try file.append(stored)
        index.u64(UInt64(offset))
        index.u32(UInt32(stored.count))
        index.u32(UInt32(pendingTokens))
        index.u64(UInt64(pendingFirstDocument))
        index.u64(Checksum.xxh64(stored))
        blockCount += 1
        pendingTokens = 0
    }
}
