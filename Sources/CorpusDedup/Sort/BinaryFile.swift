#if canImport(Glibc)
import Glibc
#endif

/// A work file written through a buffer under a temporary name and renamed into place by
/// `commit`, so a crash never leaves a partial file at the final path.
final class BinaryFileWriter {
    let path: String
    private let temporaryPath: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private(set) var bytesWritten: Int64 = 0

    init(path: String) throws(DedupError) {
        self.path = path
        temporaryPath = path + ".tmp-\(getpid())"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        if descriptor >= 0 {
            close(descriptor)
            unlink(temporaryPath)
        }
    }

    /// Appends the raw bytes of `values`.
    func append<T: BitwiseCopyable>(contentsOf values: UnsafeBufferPointer<T>) throws(DedupError) {
        let raw = UnsafeRawBufferPointer(values)
        if buffer.count + raw.count > 1 << 20 { try flush() }
        if raw.count >= 1 << 20 {
            if let failure = writeAll(raw) { throw failure }
        } else {
            buffer.append(contentsOf: raw)
        }
    }

    /// Appends the raw bytes of one value.
    func append<T: BitwiseCopyable>(_ value: T) throws(DedupError) {
        var copy = value
        try withUnsafePointer(to: &copy) { (pointer) throws(DedupError) in
            try append(contentsOf: UnsafeBufferPointer(start: pointer, count: 1))
        }
    }

    /// Appends bytes.
    func append(bytes: [UInt8]) throws(DedupError) {
        try bytes.withUnsafeBufferPointer { (pointer) throws(DedupError) in try append(contentsOf: pointer) }
    }

    /// Flushes, syncs nothing (work files are rebuilt after a crash), and renames into place.
    func commit() throws(DedupError) {
        try flush()
        close(descriptor)
        descriptor = -1
        guard rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw .cannotWrite(path: path, reason: reason)
        }
    }

    private func flush() throws(DedupError) {
        guard !buffer.isEmpty else { return }
        let pending = buffer
        buffer.removeAll(keepingCapacity: true)
        if let failure = pending.withUnsafeBytes({ writeAll($0) }) { throw failure }
    }

    /// Writes every byte, or returns why it could not.
    private func writeAll(_ raw: UnsafeRawBufferPointer) -> DedupError? {
        var offset = 0
        while offset < raw.count {
            let n = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return .cannotWrite(path: path, reason: String(cString: strerror(errno)))
            }
            offset += n
        }
        bytesWritten += Int64(raw.count)
        return nil
    }
}

/// A work file read at arbitrary offsets.
final class BinaryFileReader: @unchecked Sendable {
    let path: String
    private let descriptor: Int32
    /// The file's size in bytes.
    let size: Int64

    init(path: String) throws(DedupError) {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .cannotRead(path: path, reason: String(cString: strerror(errno))) }
        var info = stat()
        fstat(descriptor, &info)
        size = Int64(info.st_size)
    }

    deinit { close(descriptor) }

    /// Fills `destination` with the bytes at `offset`, or throws if the file is shorter.
    func read(into destination: UnsafeMutableRawBufferPointer, at offset: Int64) throws(DedupError) {
        var done = 0
        while done < destination.count {
            let n = pread(descriptor, destination.baseAddress! + done, destination.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw .cannotRead(path: path, reason: String(cString: strerror(errno)))
            }
            if n == 0 { throw .corruptWorkFile(path: path, detail: "ends at byte \(offset + Int64(done)), expected more") }
            done += n
        }
    }

    /// Reads `count` values of `T` at `offset`.
    func read<T: BitwiseCopyable>(_ type: T.Type, count: Int, at offset: Int64) throws(DedupError) -> [T] {
        guard count > 0 else { return [] }
        return try [T](unsafeUninitializedCapacity: count) { (buffer, initialized) throws(DedupError) in
            try read(into: UnsafeMutableRawBufferPointer(buffer), at: offset)
            initialized = count
        }
    }
}

/// Creates `directory` and its missing parents (as `mkdir -p`).
func makeDirectories(_ directory: String) throws(DedupError) {
    var prefix = directory.hasPrefix("/") ? "" : "."
    for component in directory.split(separator: "/") {
        prefix += "/" + component
        if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
            throw .cannotWrite(path: prefix, reason: String(cString: strerror(errno)))
        }
    }
}

/// The regular files in `directory` whose names start with `prefix` and end with `suffix`, sorted.
func filesIn(_ directory: String, prefix: String, suffix: String) -> [String] {
    guard let handle = opendir(directory) else { return [] }
    defer { closedir(handle) }
    var names: [String] = []
    while let entry = readdir(handle) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        if name.hasPrefix(prefix) && name.hasSuffix(suffix) { names.append(name) }
    }
    return names.sorted().map { directory + "/" + $0 }
}
