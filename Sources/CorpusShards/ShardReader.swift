/// Reads one shard file: the header, block index and document offsets are read and their
/// checksums checked on open; every block's checksum is checked each time it is read. Keeps the
/// last decoded block, so reading documents in order decodes each block once.
///
/// Not for sharing between threads: give each thread its own reader (opening is cheap).
public final class ShardReader {
    /// The shard file's path.
    public let path: String
    /// The shard's header.
    public let header: ShardHeader
    private let file: InputFile
    private let index: ShardIndex
    private let decompressor: BlockDecompressor
    private let compressed: UnsafeMutableRawBufferPointer
    private let narrow: UnsafeMutableBufferPointer<UInt16>
    private let cached: UnsafeMutableBufferPointer<UInt32>
    private var cachedBlock = -1

    /// Documents in the shard.
    public var documentCount: Int { header.documentCount }
    /// Tokens in the shard.
    public var tokenCount: Int { header.tokenCount }
    /// Blocks in the shard.
    public var blockCount: Int { header.blockCount }
    /// Token offset of each document's start, then the token count (documentCount + 1 entries).
    public var documentOffsets: [Int] { index.documentOffsets }

    /// Opens the shard at `path`, checking its header, block index and document offsets.
    public init(path: String) throws {
        self.path = path
        file = try InputFile(path: path)
        guard file.size >= ShardHeader.size else {
            throw ShardError.corrupt(path: path, part: "header", byteOffset: file.size,
                           detail: "the file has \(file.size) bytes, fewer than the \(ShardHeader.size)-byte header; it is truncated")
        }
        header = try ShardHeader.decode(file.bytes(count: ShardHeader.size, at: 0, part: "header"), path: path, fileSize: file.size)
        index = try ShardIndex(file: file, header: header)
        decompressor = try BlockDecompressor()
        compressed = .allocate(byteCount: max(1, index.blockLengths.max() ?? 1), alignment: 16)
        narrow = .allocate(capacity: header.tokenWidth == 2 ? header.blockTokens : 0)
        cached = .allocate(capacity: header.blockTokens)
    }

    deinit {
        compressed.deallocate()
        narrow.deallocate()
        cached.deallocate()
    }

    /// The token range of `document`.
    public func range(ofDocument document: Int) throws -> Range<Int> {
        guard document >= 0 && document < documentCount else {
            throw ShardError.outOfRange(path: path, detail: "document \(document) asked for; the shard has \(documentCount)")
        }
        return index.documentOffsets[document]..<index.documentOffsets[document + 1]
    }

    /// The tokens of `document` (its end-of-sequence token included, as written).
    public func document(_ document: Int) throws -> [UInt32] {
        try tokens(in: range(ofDocument: document))
    }

    /// The tokens at positions `range` of the shard.
    public func tokens(in range: Range<Int>) throws -> [UInt32] {
        try [UInt32](unsafeUninitializedCapacity: range.count) { (buffer, initialized) in
            try read(range, into: buffer)
            initialized = range.count
        }
    }

    /// Writes the tokens at positions `range` into `destination`, whose count must be
    /// `range.count`. Blocks the range covers whole are decoded straight into `destination`.
    public func read(_ range: Range<Int>, into destination: UnsafeMutableBufferPointer<UInt32>) throws {
        guard range.lowerBound >= 0, range.upperBound <= tokenCount, destination.count == range.count else {
            throw ShardError.outOfRange(path: path, detail: "tokens \(range) asked for into \(destination.count) places; the shard has \(tokenCount) tokens")
        }
        var position = range.lowerBound
        while position < range.upperBound {
            let block = position / header.blockTokens
            let blockStart = block * header.blockTokens
            let blockEnd = blockStart + index.blockTokenCounts[block]
            let end = min(blockEnd, range.upperBound)
            let target = UnsafeMutableBufferPointer(rebasing: destination[(position - range.lowerBound)..<(end - range.lowerBound)])
            if position == blockStart && end == blockEnd && block != cachedBlock {
                try decode(block: block, into: target)
            } else {
                if block != cachedBlock {
                    cachedBlock = -1
                    try decode(block: block, into: UnsafeMutableBufferPointer(rebasing: cached[..<index.blockTokenCounts[block]]))
                    cachedBlock = block
                }
                _ = target.initialize(from: UnsafeBufferPointer(rebasing: cached[(position - blockStart)..<(end - blockStart)]))
            }
            position = end
        }
    }

    /// Reads, checks and decodes every block; returns the stored bytes read. Throws at the first
    /// damaged block.
    @discardableResult
    public func verifyAll() throws -> Int {
        var stored = 0
        for block in 0..<blockCount {
            try decode(block: block, into: UnsafeMutableBufferPointer(rebasing: cached[..<index.blockTokenCounts[block]]))
            cachedBlock = block
            stored += index.blockLengths[block]
        }
        return stored
    }

    /// The first document of each block, as the index records it (for tools and tests).
    public var blockFirstDocuments: [Int] { index.blockFirstDocuments }

    /// Reads block `block`, checks its XXH64 and decodes its tokens into `destination`.
    private func decode(block: Int, into destination: UnsafeMutableBufferPointer<UInt32>) throws {
        let offset = index.blockOffsets[block]
        let source = UnsafeMutableRawBufferPointer(rebasing: compressed[..<index.blockLengths[block]])
        try file.read(into: source, at: offset, part: "block \(block)")
        let sum = Checksum.xxh64(UnsafeRawBufferPointer(source))
        guard sum == index.blockChecksums[block] else {
            throw ShardError.corrupt(path: path, part: "block \(block)", byteOffset: offset,
                           detail: "checksum mismatch over bytes \(offset)..<\(offset + source.count) "
                               + "(stored \(Checksum.hex(index.blockChecksums[block])), computed \(Checksum.hex(sum)))")
        }
        let failure: String?
        if header.tokenWidth == 4 {
            failure = decompressor.decompress(UnsafeRawBufferPointer(source), into: UnsafeMutableRawBufferPointer(destination))
        } else {
            let half = UnsafeMutableBufferPointer(rebasing: narrow[..<destination.count])
            failure = decompressor.decompress(UnsafeRawBufferPointer(source), into: UnsafeMutableRawBufferPointer(half))
            widen(UnsafeBufferPointer(half), into: destination)
        }
        if let failure { throw ShardError.corrupt(path: path, part: "block \(block)", byteOffset: offset, detail: failure) }
        #if _endian(big)
        for i in destination.indices { destination[i] = UInt32(littleEndian: destination[i]) }
        #endif
    }
}

/// Widens stored 16-bit ids to `UInt32`; a plain indexed loop the compiler vectorizes.
@inline(__always)
private func widen(_ source: UnsafeBufferPointer<UInt16>, into destination: UnsafeMutableBufferPointer<UInt32>) {
    guard let from = source.baseAddress, let to = destination.baseAddress else { return }
    for i in 0..<source.count {
        #if _endian(big)
        to[i] = UInt32(UInt16(littleEndian: from[i]))
        #else
        to[i] = UInt32(from[i])
        #endif
    }
}
