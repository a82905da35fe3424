import CLZ4
import CZlib
import CZstd

/// A destination for bytes that may compress them on the way.
public protocol ByteSink: AnyObject {
    /// Appends bytes.
    func write(_ bytes: UnsafeRawBufferPointer) throws
    /// Writes whatever the codec still holds (end markers, checksums).
    func finish() throws
}

/// Compresses into `AtomicFile`s and other sinks.
extension Compression {
    /// A sink that compresses with this codec into `file`.
    public func encoding(into file: AtomicFile) throws -> ByteSink {
        switch self {
        case .none: return PlainSink(file)
        case .gzip: return try GzipSink(file)
        case .zstd: return try ZstdSink(file)
        case .lz4: return try LZ4FrameSink(file)
        }
    }
}

final class PlainSink: ByteSink {
    private let file: AtomicFile
    init(_ file: AtomicFile) { self.file = file }
    func write(_ bytes: UnsafeRawBufferPointer) throws { try file.write(bytes) }
    func finish() throws {}
}

/// gzip, one member for the whole output, default level.
final class GzipSink: ByteSink {
    private let file: AtomicFile
    private var stream = z_stream()
    private let output = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)

    init(_ file: AtomicFile) throws {
        self.file = file
        let status = deflateInit2_(&stream, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw IngestError.cannotWrite(path: file.path, reason: "deflateInit failed (\(status))") }
    }

    deinit {
        deflateEnd(&stream)
        output.deallocate()
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: UInt8.self))
        stream.avail_in = UInt32(bytes.count)
        try pump(Z_NO_FLUSH)
    }

    func finish() throws { try pump(Z_FINISH) }

    private func pump(_ flush: Int32) throws {
        repeat {
            stream.next_out = output.baseAddress?.assumingMemoryBound(to: UInt8.self)
            stream.avail_out = UInt32(output.count)
            let status = deflate(&stream, flush)
            guard status != Z_STREAM_ERROR else { throw IngestError.cannotWrite(path: file.path, reason: "deflate failed") }
            try file.write(UnsafeRawBufferPointer(rebasing: output[..<(output.count - Int(stream.avail_out))]))
            if flush == Z_FINISH && status == Z_STREAM_END { return }
        } while stream.avail_out == 0 || (flush == Z_FINISH)
    }
}

/// zstd, one frame, level 3.
final class ZstdSink: ByteSink {
    private let file: AtomicFile
    private let context: OpaquePointer
    private let output = UnsafeMutableRawBufferPointer.allocate(byteCount: ZSTD_CStreamOutSize(), alignment: 1)

    init(_ file: AtomicFile) throws {
        guard let context = ZSTD_createCCtx() else { throw IngestError.cannotWrite(path: file.path, reason: "cannot create zstd encoder") }
        ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, 3)
        self.file = file
        self.context = context
    }

    deinit {
        ZSTD_freeCCtx(context)
        output.deallocate()
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var input = ZSTD_inBuffer(src: bytes.baseAddress, size: bytes.count, pos: 0)
        while input.pos < input.size { _ = try step(&input, ZSTD_e_continue) }
    }

    func finish() throws {
        var input = ZSTD_inBuffer(src: nil, size: 0, pos: 0)
        while try step(&input, ZSTD_e_end) != 0 {}
    }

    private func step(_ input: inout ZSTD_inBuffer, _ mode: ZSTD_EndDirective) throws -> Int {
        var out = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: 0)
        let remaining = ZSTD_compressStream2(context, &out, &input, mode)
        if ZSTD_isError(remaining) != 0 {
            throw IngestError.cannotWrite(path: file.path, reason: String(cString: ZSTD_getErrorName(remaining)))
        }
        try file.write(UnsafeRawBufferPointer(rebasing: output[..<out.pos]))
        return remaining
    }
}

/// lz4 frame, default preferences.
final class LZ4FrameSink: ByteSink {
    private let file: AtomicFile
    private let context: OpaquePointer
    private var output: [UInt8]
    private let chunk = 1 << 16

    init(_ file: AtomicFile) throws {
        var context: OpaquePointer?
        let status = LZ4F_createCompressionContext(&context, UInt32(LZ4F_VERSION))
        guard LZ4F_isError(status) == 0, let context else {
            throw IngestError.cannotWrite(path: file.path, reason: "cannot create lz4 encoder")
        }
        self.file = file
        self.context = context
        output = [UInt8](repeating: 0, count: LZ4F_compressBound(1 << 16, nil) + 64)
        let written = output.withUnsafeMutableBytes { LZ4F_compressBegin(context, $0.baseAddress, $0.count, nil) }
        try emit(written)
    }

    deinit { LZ4F_freeCompressionContext(context) }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let size = min(chunk, bytes.count - offset)
            let source = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + size)])
            let written = output.withUnsafeMutableBytes {
                LZ4F_compressUpdate(context, $0.baseAddress, $0.count, source.baseAddress, size, nil)
            }
            try emit(written)
            offset += size
        }
    }

    func finish() throws {
        let written = output.withUnsafeMutableBytes { LZ4F_compressEnd(context, $0.baseAddress, $0.count, nil) }
        try emit(written)
    }

    private func emit(_ written: Int) throws {
        if LZ4F_isError(written) != 0 {
            throw IngestError.cannotWrite(path: file.path, reason: String(cString: LZ4F_getErrorName(written)))
        }
        try output.withUnsafeBytes { try file.write(UnsafeRawBufferPointer(rebasing: $0[..<written])) }
    }
}
