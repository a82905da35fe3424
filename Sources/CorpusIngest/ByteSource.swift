#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A forward-only source of bytes: a file, or a decompressor over another source.
public protocol ByteSource: AnyObject {
    /// Fills the front of `buffer` with the next bytes; returns how many, 0 only at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
    /// Bytes taken from the underlying file so far (compressed bytes for a decompressor).
    var bytesConsumed: Int64 { get }
}

/// Reads a file through its descriptor, without loading it whole.
public final class FileByteSource: ByteSource {
    private let descriptor: Int32
    private let path: String
    /// Bytes read from the file so far.
    public private(set) var bytesConsumed: Int64 = 0

    /// Opens `path` for reading.
    public init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw IngestError.cannotRead(InputLocation(file: path), reason: String(cString: strerror(errno)))
        }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw IngestError.cannotRead(InputLocation(file: path), reason: "is a directory")
        }
        descriptor = fd
        self.path = path
    }

    deinit { close(descriptor) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let count = Glibc.read(descriptor, base, buffer.count)
            if count >= 0 {
                bytesConsumed += Int64(count)
                return count
            }
            if errno == EINTR { continue }
            throw IngestError.cannotRead(
                InputLocation(file: path, offset: bytesConsumed, compressed: true),
                reason: String(cString: strerror(errno)))
        }
    }
}

/// Serves bytes from memory; used for payloads already in hand and by tests.
public final class MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    private var position = 0
    /// Bytes handed out so far.
    public var bytesConsumed: Int64 { Int64(position) }

    /// Serves `bytes`, in order, then ends.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, bytes.count - position)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            guard let from = source.baseAddress, let to = buffer.baseAddress else { return }
            to.copyMemory(from: from + position, byteCount: count)
        }
        position += count
        return count
    }
}

extension UInt8 {
    /// Whether the byte is an ASCII space, tab, carriage return or line feed.
    var isASCIIWhitespace: Bool { self == 0x20 || self == 0x0A || self == 0x0D || self == 0x09 }
}
