/// The split a shard belongs to; recorded in its header and in the manifest.
public enum DatasetSplit: String, Codable, Sendable, CaseIterable {
    /// Training documents.
    case train
    /// Held-out documents, chosen by a hash of the document id.
    case validation

    var code: UInt8 { self == .train ? 0 : 1 }
}

/// How the bytes of a block are rearranged before lz4 sees them (header byte 13). Version 1
/// defines only `none`: byte-shuffle and delta coding were measured on real token ids and both
/// compressed worse (Shards/README.md); the byte stays so a later version can add one.
public enum BlockTransform: UInt8, Codable, Sendable, CaseIterable {
    /// Token ids as stored, little-endian.
    case none = 0

    /// The name used in manifests and reports.
    public var name: String { "none" }
}

/// The fixed 256-byte header at the start of every shard file (layout in Shards/README.md).
public struct ShardHeader: Equatable, Sendable {
    /// "CTOKSHRD", the first eight bytes of every shard.
    static let magic: [UInt8] = Array("CTOKSHRD".utf8)
    /// The format version this code writes and reads.
    public static let formatVersion: UInt32 = 1
    /// The header's size in bytes; blocks start right after it.
    public static let size = 256
    /// Bytes of the header covered by its checksum (the last 8 bytes hold the checksum).
    static let checkedSize = 248

    /// Bytes per stored token: 2 (vocabularies of at most 65,536 ids) or 4.
    public var tokenWidth: Int
    /// The transform applied to every block before compression.
    public var transform: BlockTransform
    /// The split of every document in the shard.
    public var split: DatasetSplit
    /// Tokens per block (the last block may hold fewer).
    public var blockTokens: Int
    /// The tokenizer's vocabulary size; every id is below it.
    public var vocabSize: Int
    /// SHA-256 of the tokenizer model file, 32 bytes.
    public var tokenizerHash: [UInt8]
    /// Documents in the shard.
    public var documentCount: Int
    /// Tokens in the shard.
    public var tokenCount: Int
    /// Blocks in the shard.
    public var blockCount: Int
    /// Byte range of the compressed blocks.
    public var blocks: Range<Int>
    /// Byte range of the block index (`ShardHeader.indexEntrySize` bytes per block).
    public var index: Range<Int>
    /// Byte range of the document offsets (documentCount + 1 little-endian u64).
    public var documentOffsets: Range<Int>
    /// XXH64 of the block index.
    public var indexChecksum: UInt64
    /// XXH64 of the document offsets.
    public var documentOffsetsChecksum: UInt64

    /// Bytes per block-index entry: offset u64, compressed length u32, tokens u32, first document u64, XXH64 u64.
    static let indexEntrySize = 32

    /// The 256 header bytes, checksum included.
    func encoded() -> [UInt8] {
        var out = ByteWriter()
        out.raw(ShardHeader.magic)
        out.u32(ShardHeader.formatVersion)
        out.u8(UInt8(tokenWidth))
        out.u8(transform.rawValue)
        out.u8(split.code)
        out.u8(0)
        out.u32(UInt32(blockTokens))
        out.u32(UInt32(vocabSize))
        out.raw(tokenizerHash)
        for value in [documentCount, tokenCount, blockCount, blocks.lowerBound, blocks.count, index.lowerBound, index.count,
                      documentOffsets.lowerBound, documentOffsets.count] {
            out.u64(UInt64(value))
        }
        out.u64(indexChecksum)
        out.u64(documentOffsetsChecksum)
        out.zeros(upTo: ShardHeader.checkedSize)
        out.u64(Checksum.xxh64(out.bytes))
        return out.bytes
    }

    /// Reads and checks the header of the shard at `path` (`fileSize` bytes long).
    static func decode(_ bytes: [UInt8], path: String, fileSize: Int) throws -> ShardHeader {
        guard Array(bytes.prefix(8)) == magic else {
            throw ShardError.unsupported(path: path, detail: "not a token shard (the first bytes are not \"CTOKSHRD\"); is this the right file?")
        }
        var input = ByteReader(bytes)
        input.offset = 8
        let version = input.u32()
        guard version == formatVersion else {
            throw ShardError.unsupported(path: path, detail: "shard format version \(version); this build reads version \(formatVersion), update corpus")
        }
        let stored = ByteReader(bytes).readChecksum()
        let computed = Checksum.xxh64(bytes, 0..<checkedSize)
        guard stored == computed else {
            throw ShardError.corrupt(path: path, part: "header", byteOffset: 0,
                           detail: "header checksum mismatch (stored \(Checksum.hex(stored)), computed \(Checksum.hex(computed)))")
        }
        let width = Int(input.u8())
        let transformCode = input.u8()
        let splitCode = input.u8()
        _ = input.u8()
        let blockTokens = Int(input.u32())
        let vocabSize = Int(input.u32())
        let hash = input.raw(32)
        let numbers = (0..<9).map { _ in Int(truncatingIfNeeded: input.u64()) }
        let header = ShardHeader(
            tokenWidth: width, transform: BlockTransform(rawValue: transformCode) ?? .none, split: splitCode == 0 ? .train : .validation,
            blockTokens: blockTokens, vocabSize: vocabSize, tokenizerHash: hash,
            documentCount: numbers[0], tokenCount: numbers[1], blockCount: numbers[2],
            blocks: numbers[3]..<(numbers[3] + numbers[4]), index: numbers[5]..<(numbers[5] + numbers[6]),
            documentOffsets: numbers[7]..<(numbers[7] + numbers[8]),
            indexChecksum: input.u64(), documentOffsetsChecksum: input.u64())
        try header.validate(path: path, fileSize: fileSize, transformCode: transformCode, splitCode: splitCode)
        return header
    }

    private func validate(path: String, fileSize: Int, transformCode: UInt8, splitCode: UInt8) throws {
        func fail(_ detail: String) -> ShardError { .unsupported(path: path, detail: "inconsistent header: \(detail)") }
        guard tokenWidth == 2 || tokenWidth == 4 else { throw fail("token width \(tokenWidth), expected 2 or 4") }
        guard BlockTransform(rawValue: transformCode) != nil else { throw fail("unknown block transform \(transformCode)") }
        guard splitCode <= 1 else { throw fail("unknown split \(splitCode)") }
        guard blockTokens > 0 else { throw fail("block size of 0 tokens") }
        guard blockCount == (tokenCount + blockTokens - 1) / blockTokens else {
            throw fail("\(blockCount) blocks cannot hold \(tokenCount) tokens of \(blockTokens) per block")
        }
        guard index.count == blockCount * ShardHeader.indexEntrySize, documentOffsets.count == (documentCount + 1) * 8 else {
            throw fail("section sizes do not match the block and document counts")
        }
        guard blocks.lowerBound == ShardHeader.size, index.lowerBound == blocks.upperBound,
              documentOffsets.lowerBound == index.upperBound else { throw fail("sections out of order") }
        guard documentOffsets.upperBound == fileSize else {
            throw ShardError.corrupt(path: path, part: "file", byteOffset: min(fileSize, documentOffsets.upperBound),
                           detail: "the header describes \(documentOffsets.upperBound) bytes but the file has \(fileSize); it is truncated or has extra bytes")
        }
    }
}

extension ByteReader {
    /// The header checksum, stored in the last 8 of the 256 header bytes.
    fileprivate func readChecksum() -> UInt64 {
        var copy = self
        copy.offset = ShardHeader.checkedSize
        return copy.u64()
    }
}
