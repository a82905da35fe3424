#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file being written under a temporary name (`.NAME.tmp` beside it) and renamed into place by
/// `commit`, so a reader never sees a partial file at the final path. Sequential appends go
/// through a buffer; `write(_:at:)` patches bytes already written (the shard header, last).
final class OutputFile {
    /// The final path.
    let path: String
    /// Where the bytes go until `commit`.
    let temporaryPath: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    /// Bytes appended so far (the offset of the next append).
    private(set) var size = 0

    /// The temporary name of `path`: a hidden file in the same folder.
    static func temporaryPath(for path: String) -> String {
        let (directory, name) = splitPath(path)
        return directory + "/." + name + ".tmp"
    }

    init(path: String) throws {
        self.path = path
        temporaryPath = OutputFile.temporaryPath(for: path)
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw ShardError.cannotWrite(path: path, reason: lastError()) }
        buffer.reserveCapacity(1 << 20)
    }

    deinit { abandon() }

    /// Appends bytes.
    func append(_ bytes: UnsafeRawBufferPointer) throws {
        if buffer.count + bytes.count > 1 << 20 { try flush() }
        if bytes.count >= 1 << 20 {
            try writeAll(bytes, at: size)
        } else {
            buffer.append(contentsOf: bytes)
        }
        size += bytes.count
    }

    /// Appends bytes.
    func append(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { (raw) in try append(raw) }
    }

    /// Overwrites bytes at `offset`, which must lie within what was appended.
    func write(_ bytes: [UInt8], at offset: Int) throws {
        try flush()
        try bytes.withUnsafeBytes { (raw) in try writeAll(raw, at: offset) }
    }

    /// Flushes, syncs and renames the file into place.
    func commit() throws {
        try flush()
        let failed = fsync(descriptor) != 0 || close(descriptor) != 0
        descriptor = -1
        if failed {
            let reason = lastError()
            unlink(temporaryPath)
            throw ShardError.cannotWrite(path: path, reason: reason)
        }
        guard rename(temporaryPath, path) == 0 else {
            let reason = lastError()
            unlink(temporaryPath)
            throw ShardError.cannotWrite(path: path, reason: reason)
        }
    }

    /// Deletes the temporary file; nothing appears at `path`.
    func abandon() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
        unlink(temporaryPath)
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        let start = size - buffer.count
        try buffer.withUnsafeBytes { (raw) in try writeAll(raw, at: start) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let n = pwrite(descriptor, base + done, bytes.count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw ShardError.cannotWrite(path: path, reason: lastError())
            }
            done += n
        }
    }
}

/// A file read at arbitrary offsets with `pread`; safe to share between threads.
final class InputFile: @unchecked Sendable {
    /// The path, for messages.
    let path: String
    private let descriptor: Int32
    /// The size in bytes when opened.
    let size: Int

    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ShardError.cannotRead(path: path, reason: lastError()) }
        var info = stat()
        fstat(descriptor, &info)
        size = Int(info.st_size)
    }

    deinit { close(descriptor) }

    /// Fills `destination` with the bytes at `offset`; a file that ends first is reported as
    /// truncated, naming `part`.
    func read(into destination: UnsafeMutableRawBufferPointer, at offset: Int, part: String) throws {
        guard let base = destination.baseAddress else { return }
        var done = 0
        while done < destination.count {
            let n = pread(descriptor, base + done, destination.count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw ShardError.cannotRead(path: path, reason: lastError())
            }
            if n == 0 {
                throw ShardError.corrupt(path: path, part: part, byteOffset: offset + done,
                               detail: "the file ends there (\(size) bytes), expected \(destination.count - done) more; it is truncated")
            }
            done += n
        }
    }

    /// `count` bytes at `offset`.
    func bytes(count: Int, at offset: Int, part: String) throws -> [UInt8] {
        var result = [UInt8](repeating: 0, count: count)
        try result.withUnsafeMutableBytes { (raw) in try read(into: raw, at: offset, part: part) }
        return result
    }
}

/// The folder and file name of `path` ("." when it has no folder).
func splitPath(_ path: String) -> (directory: String, name: String) {
    guard let slash = path.lastIndex(of: "/") else { return (".", path) }
    let directory = String(path[..<slash])
    return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
}

/// The size of the file at `path`, or nil when there is none.
func fileSize(_ path: String) -> Int? {
    var info = stat()
    guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
    return Int(info.st_size)
}

/// Creates `directory` and its missing parents (as `mkdir -p`).
func makeDirectories(_ directory: String) throws {
    var prefix = directory.hasPrefix("/") ? "" : "."
    for component in directory.split(separator: "/") {
        prefix += "/" + component
        if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
            throw ShardError.cannotWrite(path: prefix, reason: lastError())
        }
    }
}

/// The names of the entries in `directory`, sorted; nil when it cannot be listed.
func directoryEntries(_ directory: String) -> [String]? {
    guard let handle = opendir(directory) else { return nil }
    defer { closedir(handle) }
    var names: [String] = []
    while let entry = readdir(handle) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
}

/// The text of the last system error.
func lastError() -> String { String(cString: strerror(errno)) }
