/// The block index and document offsets of one shard, read and checked when the shard opens.
struct ShardIndex {
    /// File offset of each block's lz4 frame.
    var blockOffsets: [Int] = []
    /// Stored (compressed) bytes of each block.
    var blockLengths: [Int] = []
    /// Tokens in each block.
    var blockTokenCounts: [Int] = []
    /// The document holding each block's first token.
    var blockFirstDocuments: [Int] = []
    /// XXH64 of each block's stored bytes.
    var blockChecksums: [UInt64] = []
    /// Token offset of each document's start, then the token count (documentCount + 1 entries).
    var documentOffsets: [Int] = []

    /// Reads both sections of the shard described by `header` from `file` and checks them.
    init(file: InputFile, header: ShardHeader) throws {
        let indexBytes = try ShardIndex.section("block index", header.index, checksum: header.indexChecksum, file: file)
        let offsetBytes = try ShardIndex.section("document offsets", header.documentOffsets, checksum: header.documentOffsetsChecksum, file: file)
        var entries = ByteReader(indexBytes)
        for _ in 0..<header.blockCount {
            blockOffsets.append(Int(truncatingIfNeeded: entries.u64()))
            blockLengths.append(Int(entries.u32()))
            blockTokenCounts.append(Int(entries.u32()))
            blockFirstDocuments.append(Int(truncatingIfNeeded: entries.u64()))
            blockChecksums.append(entries.u64())
        }
        var offsets = ByteReader(offsetBytes)
        documentOffsets = (0...header.documentCount).map { _ in Int(truncatingIfNeeded: offsets.u64()) }
        try check(header: header, path: file.path)
    }

    /// The bytes of one section, checked against the XXH64 the header records for it.
    private static func section(_ part: String, _ range: Range<Int>, checksum: UInt64, file: InputFile) throws -> [UInt8] {
        let bytes = try file.bytes(count: range.count, at: range.lowerBound, part: part)
        let computed = Checksum.xxh64(bytes)
        guard computed == checksum else {
            throw ShardError.corrupt(path: file.path, part: part, byteOffset: range.lowerBound,
                                     detail: "checksum mismatch over bytes \(range.lowerBound)..<\(range.upperBound) "
                                         + "(stored \(Checksum.hex(checksum)), computed \(Checksum.hex(computed)))")
        }
        return bytes
    }

    /// The checksums guard against damage; these checks guard against a writer's bug, so a
    /// reader never indexes out of bounds whatever the file says.
    private func check(header: ShardHeader, path: String) throws {
        var expectedOffset = header.blocks.lowerBound
        for block in 0..<header.blockCount {
            let entryOffset = header.index.lowerBound + block * ShardHeader.indexEntrySize
            let expectedTokens = block == header.blockCount - 1 ? header.tokenCount - block * header.blockTokens : header.blockTokens
            guard blockOffsets[block] == expectedOffset, blockTokenCounts[block] == expectedTokens,
                  blockFirstDocuments[block] < max(1, header.documentCount) else {
                throw ShardError.corrupt(path: path, part: "block index entry \(block)", byteOffset: entryOffset,
                               detail: "offset \(blockOffsets[block]) / \(blockTokenCounts[block]) tokens / first document \(blockFirstDocuments[block]) "
                                   + "do not fit the header (expected offset \(expectedOffset), \(expectedTokens) tokens)")
            }
            expectedOffset += blockLengths[block]
        }
        guard expectedOffset == header.blocks.upperBound else {
            throw ShardError.corrupt(path: path, part: "block index", byteOffset: header.index.lowerBound,
                           detail: "the blocks end at byte \(expectedOffset), the header says \(header.blocks.upperBound)")
        }
        for document in 0..<header.documentCount where documentOffsets[document] > documentOffsets[document + 1] {
            throw ShardError.corrupt(path: path, part: "document offsets", byteOffset: header.documentOffsets.lowerBound + 8 * (document + 1),
                           detail: "document \(document) ends before it starts")
        }
        guard documentOffsets.first == 0, documentOffsets.last == header.tokenCount else {
            throw ShardError.corrupt(path: path, part: "document offsets", byteOffset: header.documentOffsets.lowerBound,
                           detail: "offsets must run from 0 to the token count \(header.tokenCount)")
        }
    }
}
