#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file read at given offsets with `pread`, for `SafeTensorsFile.read`.
final class SafeTensorsFileReader {
    /// The path, for messages.
    let path: String
    /// The size in bytes when opened.
    let size: Int
    private let descriptor: Int32

    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw SafeTensorsError.io(path: path, reason: "cannot open: \(systemError())") }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let reason = systemError()
            close(descriptor)
            throw SafeTensorsError.io(path: path, reason: "cannot stat: \(reason)")
        }
        size = Int(info.st_size)
    }

    deinit { close(descriptor) }

    /// `count` bytes at `offset`, which the caller has checked lie within `size`.
    func bytes(at offset: Int, count: Int) throws -> [UInt8] {
        var result = [UInt8](repeating: 0, count: count)
        try result.withUnsafeMutableBytes { buffer in
            var done = 0
            while done < count {
                let n = pread(descriptor, buffer.baseAddress! + done, count - done, off_t(offset + done))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else {
                    let reason = n == 0 ? "the file ended at byte \(offset + done) while reading; was it truncated meanwhile?" : systemError()
                    throw SafeTensorsError.io(path: path, reason: reason)
                }
                done += n
            }
        }
        return result
    }
}

/// A file written under a temporary name beside `path` (`.NAME.tmp-PID`) and renamed over `path`
/// by `commit` after an fsync, so `path` only ever holds a complete file. Dropped uncommitted,
/// it removes the temporary file.
final class SafeTensorsFileWriter {
    /// The final path.
    let path: String
    private let temporaryPath: String
    private var descriptor: Int32

    init(path: String) throws {
        self.path = path
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        temporaryPath = directory + "." + name + ".tmp-\(getpid())"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw SafeTensorsError.io(path: path, reason: "cannot create \(temporaryPath): \(systemError())")
        }
    }

    deinit {
        guard descriptor >= 0 else { return }
        close(descriptor)
        unlink(temporaryPath)
    }

    /// Appends all of `bytes`.
    func append(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let n = write(descriptor, buffer.baseAddress! + done, buffer.count - done)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw SafeTensorsError.io(path: path, reason: "cannot write: \(systemError())") }
                done += n
            }
        }
    }

    /// Syncs the file, renames it over `path`, and syncs the folder so the rename lasts.
    func commit() throws {
        let failed = fsync(descriptor) != 0
        let reason = systemError()
        close(descriptor)
        descriptor = -1
        guard !failed, rename(temporaryPath, path) == 0 else {
            let why = failed ? reason : systemError()
            unlink(temporaryPath)
            throw SafeTensorsError.io(path: path, reason: "cannot save: \(why)")
        }
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let folder = open(directory, O_RDONLY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
    }
}

/// The text of the last system error.
private func systemError() -> String { String(cString: strerror(errno)) }
