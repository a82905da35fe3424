import CLZ4
import CZlib
import CZstd

/// The compressions a data file may carry, found from its first bytes.
public enum Compression: String, Sendable, CaseIterable, Codable {
    case none, gzip, zstd, lz4

    /// Recognizes a compression from a file's first four bytes (magic numbers), else `.none`.
    public static func sniff(_ prefix: some Collection<UInt8>) -> Compression {
        let head = Array(prefix.prefix(4))
        if head.starts(with: [0x1F, 0x8B]) { return .gzip }
        if head == [0x28, 0xB5, 0x2F, 0xFD] { return .zstd }
        if head == [0x04, 0x22, 0x4D, 0x18] { return .lz4 }
        return .none
    }

    /// Chooses the compression an output path asks for by its extension.
    public static func forOutput(path: String) -> Compression {
        if path.hasSuffix(".gz") { return .gzip }
        if path.hasSuffix(".zst") || path.hasSuffix(".zstd") { return .zstd }
        if path.hasSuffix(".lz4") { return .lz4 }
        return .none
    }

    /// Wraps `source` in the matching decompressor; `file` names the input in errors.
    public func decoding(_ source: ByteSource, file: String) throws -> ByteSource {
        switch self {
        case .none: return source
        case .gzip: return try GzipDecoder(source, file: file)
        case .zstd: return try ZstdDecoder(source, file: file)
        case .lz4: return try LZ4FrameDecoder(source, file: file)
        }
    }
}

/// A compressed input buffer that decoders fill from their upstream source.
struct InputWindow: ~Copyable {
    let storage: UnsafeMutablePointer<UInt8>
    let capacity: Int
    var start = 0
    var end = 0

    init(capacity: Int) {
        storage = .allocate(capacity: capacity)
        self.capacity = capacity
    }

    deinit { storage.deallocate() }

    var available: Int { end - start }
    var pointer: UnsafeMutablePointer<UInt8> { storage + start }

    /// Refills from `source` once consumed; returns false at the source's end.
    mutating func refill(from source: ByteSource) throws -> Bool {
        if available > 0 { return true }
        start = 0
        end = try source.read(into: UnsafeMutableRawBufferPointer(start: storage, count: capacity))
        return end > 0
    }
}

/// Decompresses gzip, including files of many members (one per WARC record, as Common Crawl
/// writes them) and NUL padding after the last member.
public final class GzipDecoder: ByteSource {
    private let upstream: ByteSource
    private let file: String
    private var stream = z_stream()
    private var window = InputWindow(capacity: 1 << 16)
    private var betweenMembers = true
    private var finished = false

    public var bytesConsumed: Int64 { upstream.bytesConsumed - Int64(window.available) }

    /// Decompresses `upstream`; `file` names it in errors.
    public init(_ upstream: ByteSource, file: String) throws {
        self.upstream = upstream
        self.file = file
        // windowBits 15 + 16: gzip wrapper only.
        let status = inflateInit2_(&stream, 31, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            throw IngestError.corruptStream(codec: "gzip", InputLocation(file: file), reason: "inflateInit failed (\(status))")
        }
    }

    deinit { inflateEnd(&stream) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !finished, let out = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), buffer.count > 0 else { return 0 }
        stream.next_out = out
        stream.avail_out = UInt32(clamping: buffer.count)
        let requested = Int(stream.avail_out)
        while Int(stream.avail_out) == requested {
            guard try window.refill(from: upstream) else {
                if betweenMembers { finished = true; break }
                throw IngestError.truncatedStream(codec: "gzip", location)
            }
            if betweenMembers {
                // NUL padding after a member is tolerated, as many archivers write it.
                while window.available > 0, window.pointer.pointee == 0 { window.start += 1 }
                if window.available == 0 { continue }
                inflateReset(&stream)
                betweenMembers = false
            }
            stream.next_in = window.pointer
            stream.avail_in = UInt32(window.available)
            let status = inflate(&stream, Z_NO_FLUSH)
            window.start = window.end - Int(stream.avail_in)
            switch status {
            case Z_STREAM_END: betweenMembers = true
            case Z_OK, Z_BUF_ERROR: break
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                throw IngestError.corruptStream(codec: "gzip", location, reason: reason)
            }
        }
        return requested - Int(stream.avail_out)
    }

    /// Skips to the next gzip member header after corrupt data; false when none is left.
    public func resynchronize() throws -> Bool {
        if window.available > 0 { window.start += 1 }
        var previous: [UInt8] = []
        while true {
            guard try window.refill(from: upstream) else { finished = true; return false }
            while window.available > 0 {
                let byte = window.pointer.pointee
                previous.append(byte)
                if previous.count > 3 { previous.removeFirst() }
                window.start += 1
                if previous == [0x1F, 0x8B, 0x08] {
                    // Hand the header back: step the window back over the three bytes when it can.
                    if window.start >= 3 {
                        window.start -= 3
                        betweenMembers = true
                        return true
                    }
                    previous.removeAll()
                }
            }
        }
    }

    private var location: InputLocation {
        InputLocation(file: file, offset: bytesConsumed, compressed: true)
    }
}

/// Decompresses zstd, one or many frames.
public final class ZstdDecoder: ByteSource {
    private let upstream: ByteSource
    private let file: String
    private let context: OpaquePointer
    private var window = InputWindow(capacity: 1 << 17)
    private var insideFrame = false

    public var bytesConsumed: Int64 { upstream.bytesConsumed - Int64(window.available) }

    /// Decompresses `upstream`; `file` names it in errors.
    public init(_ upstream: ByteSource, file: String) throws {
        guard let context = ZSTD_createDStream() else {
            throw IngestError.corruptStream(codec: "zstd", InputLocation(file: file), reason: "cannot create a decoder")
        }
        self.upstream = upstream
        self.file = file
        self.context = context
    }

    deinit { ZSTD_freeDStream(context) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        var output = ZSTD_outBuffer(dst: base, size: buffer.count, pos: 0)
        while output.pos == 0 {
            guard try window.refill(from: upstream) else {
                if insideFrame { throw IngestError.truncatedStream(codec: "zstd", location) }
                return 0
            }
            var input = ZSTD_inBuffer(src: window.pointer, size: window.available, pos: 0)
            let hint = ZSTD_decompressStream(context, &output, &input)
            window.start += input.pos
            if ZSTD_isError(hint) != 0 {
                throw IngestError.corruptStream(codec: "zstd", location, reason: String(cString: ZSTD_getErrorName(hint)))
            }
            insideFrame = hint != 0
        }
        return output.pos
    }

    private var location: InputLocation {
        InputLocation(file: file, offset: bytesConsumed, compressed: true)
    }
}

/// Decompresses the lz4 frame format, one or many frames.
public final class LZ4FrameDecoder: ByteSource {
    private let upstream: ByteSource
    private let file: String
    private let context: OpaquePointer
    private var window = InputWindow(capacity: 1 << 16)
    private var insideFrame = false

    public var bytesConsumed: Int64 { upstream.bytesConsumed - Int64(window.available) }

    /// Decompresses `upstream`; `file` names it in errors.
    public init(_ upstream: ByteSource, file: String) throws {
        var context: OpaquePointer?
        let status = LZ4F_createDecompressionContext(&context, UInt32(LZ4F_VERSION))
        guard LZ4F_isError(status) == 0, let context else {
            throw IngestError.corruptStream(codec: "lz4", InputLocation(file: file), reason: "cannot create a decoder")
        }
        self.upstream = upstream
        self.file = file
        self.context = context
    }

    deinit { LZ4F_freeDecompressionContext(context) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        var produced = 0
        while produced == 0 {
            guard try window.refill(from: upstream) else {
                if insideFrame { throw IngestError.truncatedStream(codec: "lz4", location) }
                return 0
            }
            var outSize = buffer.count
            var inSize = window.available
            let hint = LZ4F_decompress(context, base, &outSize, window.pointer, &inSize, nil)
            window.start += inSize
            if LZ4F_isError(hint) != 0 {
                throw IngestError.corruptStream(codec: "lz4", location, reason: String(cString: LZ4F_getErrorName(hint)))
            }
            insideFrame = hint != 0
            produced = outSize
        }
        return produced
    }

    private var location: InputLocation {
        InputLocation(file: file, offset: bytesConsumed, compressed: true)
    }
}
