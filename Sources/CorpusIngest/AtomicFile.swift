#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written under a temporary name and renamed into place only when complete, so a
/// reader never sees a partial file at the final path.
public final class AtomicFile {
    /// The final path.
    public let path: String
    /// Where the bytes go until `commit` renames them to `path`.
    public let temporaryPath: String
    private var descriptor: Int32
    private var committed = false

    /// Starts writing the file that will appear at `path`.
    public init(path: String) throws {
        self.path = path
        let directory = path.contains("/") ? String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) : "."
        let name = path.split(separator: "/").last.map(String.init) ?? path
        temporaryPath = "\(directory.isEmpty ? "/" : directory)/.\(name).tmp-\(getpid())"
        AtomicFile.makeDirectories(directory)
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw IngestError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
    }

    deinit {
        if !committed { abandon() }
    }

    /// Creates `directory` and its missing parents (as `mkdir -p`); failures surface at open.
    private static func makeDirectories(_ directory: String) {
        var prefix = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") {
            prefix += "/" + component
            mkdir(prefix, 0o755)
        }
    }

    /// Appends bytes.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        try writeAll(bytes, to: descriptor, path: path)
    }

    /// Flushes to disk and renames the file into place.
    public func commit() throws {
        guard !committed else { return }
        if fsync(descriptor) != 0 || close(descriptor) != 0 {
            let reason = String(cString: strerror(errno))
            abandon()
            throw IngestError.cannotWrite(path: path, reason: reason)
        }
        descriptor = -1
        guard rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw IngestError.cannotWrite(path: path, reason: reason)
        }
        committed = true
    }

    /// Deletes the temporary file; nothing appears at `path`.
    public func abandon() {
        if descriptor >= 0 { close(descriptor); descriptor = -1 }
        unlink(temporaryPath)
        committed = true
    }
}

/// Writes every byte to `descriptor`, retrying short and interrupted writes; `path` names it in errors.
func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, path: String) throws {
    guard var base = bytes.baseAddress else { return }
    var remaining = bytes.count
    while remaining > 0 {
        let written = Glibc.write(descriptor, base, remaining)
        if written < 0 {
            if errno == EINTR { continue }
            throw IngestError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        remaining -= written
        base += written
    }
}
