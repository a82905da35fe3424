#if canImport(Glibc)
import Glibc
#endif

/// Makes an interrupted run leave nothing behind: on SIGINT or SIGTERM the temporary output file
/// is removed before exiting, and a closed standard error (`| head`) no longer kills the run.
enum Interruption {
    /// The temporary files to remove, as C strings the signal handler can use without allocating.
    nonisolated(unsafe) private static var pendingPaths: [UnsafeMutablePointer<CChar>?] = [nil, nil, nil, nil]

    /// Installs the handlers; `temporaryPath` is removed if the run is interrupted.
    static func protect(temporaryPath: String?) {
        protect(temporaryPaths: [temporaryPath].compactMap { $0 })
    }

    /// Installs the handlers; up to four `temporaryPaths` are removed if the run is interrupted.
    static func protect(temporaryPaths: [String]) {
        signal(SIGPIPE, SIG_IGN)
        for (index, path) in temporaryPaths.prefix(4).enumerated() { pendingPaths[index] = strdup(path) }
        let handler: @convention(c) (Int32) -> Void = { signal in
            for index in 0..<4 { if let path = Interruption.pendingPaths[index] { unlink(path) } }
            _exit(128 + signal)
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
    }

    /// Forgets the temporary file once it has been renamed into place or removed.
    static func release() {
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
        pendingPaths = [nil, nil, nil, nil]
    }
}
