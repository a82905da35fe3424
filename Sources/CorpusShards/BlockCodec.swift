import CLZ4

/// Compresses one block of stored token bytes into one lz4 frame (content size recorded, no
/// lz4 checksums: the block index holds an XXH64 of the stored bytes).
struct BlockCompressor: ~Copyable {
    private let context: OpaquePointer
    private var preferences = LZ4F_preferences_t()
    private var output = UnsafeMutableRawBufferPointer(start: nil, count: 0)

    init(level: Int) throws {
        var context: OpaquePointer?
        let status = LZ4F_createCompressionContext(&context, UInt32(LZ4F_VERSION))
        guard LZ4F_isError(status) == 0, let context else { throw ShardError.invalidOptions("cannot create an lz4 encoder") }
        self.context = context
        preferences.compressionLevel = Int32(level)
        preferences.frameInfo.blockMode = LZ4F_blockLinked
        preferences.frameInfo.contentChecksumFlag = LZ4F_noContentChecksum
    }

    deinit {
        LZ4F_freeCompressionContext(context)
        output.deallocate()
    }

    /// The lz4 frame of `bytes`; valid until the next call.
    mutating func compress(_ bytes: UnsafeRawBufferPointer, path: String) throws -> UnsafeRawBufferPointer {
        preferences.frameInfo.contentSize = UInt64(bytes.count)
        preferences.frameInfo.blockSizeID = BlockCompressor.blockSize(for: bytes.count)
        let bound = LZ4F_compressFrameBound(bytes.count, &preferences)
        if output.count < bound {
            output.deallocate()
            output = .allocate(byteCount: bound, alignment: 16)
        }
        var written = 0
        for step in 0..<3 {
            let room = output.count - written
            let status = switch step {
            case 0: LZ4F_compressBegin(context, output.baseAddress, room, &preferences)
            case 1: LZ4F_compressUpdate(context, output.baseAddress.map { $0 + written }, room, bytes.baseAddress, bytes.count, nil)
            default: LZ4F_compressEnd(context, output.baseAddress.map { $0 + written }, room, nil)
            }
            if LZ4F_isError(status) != 0 {
                throw ShardError.cannotWrite(path: path, reason: "lz4: " + String(cString: LZ4F_getErrorName(status)))
            }
            written += status
        }
        return UnsafeRawBufferPointer(rebasing: output[..<written])
    }

    /// The largest lz4 block size not above `count` (at least 64 KiB): a destination of the
    /// block's size then always has room for a whole lz4 block, so the decoder writes into it
    /// directly instead of through its own buffer.
    static func blockSize(for count: Int) -> LZ4F_blockSizeID_t {
        if count >= 4 << 20 { return LZ4F_max4MB }
        if count >= 1 << 20 { return LZ4F_max1MB }
        if count >= 256 << 10 { return LZ4F_max256KB }
        return LZ4F_max64KB
    }
}

/// Decompresses lz4 frames into caller memory, reusing one decoder.
struct BlockDecompressor: ~Copyable {
    private let context: OpaquePointer

    init() throws {
        var context: OpaquePointer?
        let status = LZ4F_createDecompressionContext(&context, UInt32(LZ4F_VERSION))
        guard LZ4F_isError(status) == 0, let context else { throw ShardError.cannotRead(path: "-", reason: "cannot create an lz4 decoder") }
        self.context = context
    }

    deinit { LZ4F_freeDecompressionContext(context) }

    /// Decodes the frame `source` into exactly `destination.count` bytes; returns nil on
    /// success, or why the frame is not what was expected.
    func decompress(_ source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer) -> String? {
        var options = LZ4F_decompressOptions_t()
        options.stableDst = 1
        var sourceUsed = 0
        var produced = 0
        while true {
            var sourceSize = source.count - sourceUsed
            var destinationSize = destination.count - produced
            let hint = LZ4F_decompress(context, destination.baseAddress.map { $0 + produced }, &destinationSize,
                                       source.baseAddress.map { $0 + sourceUsed }, &sourceSize, &options)
            if LZ4F_isError(hint) != 0 {
                LZ4F_resetDecompressionContext(context)
                return "lz4: " + String(cString: LZ4F_getErrorName(hint))
            }
            sourceUsed += sourceSize
            produced += destinationSize
            if hint == 0 {
                return produced == destination.count && sourceUsed == source.count
                    ? nil : "the frame holds \(produced) bytes, expected \(destination.count)"
            }
            if sourceSize == 0 && destinationSize == 0 {
                LZ4F_resetDecompressionContext(context)
                return "the frame ends early or holds more than \(destination.count) bytes"
            }
        }
    }
}
