#if canImport(Glibc)
import Glibc
#endif

/// Makes an interrupted run leave nothing behind: on SIGINT or SIGTERM the temporary output file
/// is removed before exiting, and a closed standard error (`| head`) no longer kills the run.
enum Interruption {
    /// The temporary file to remove, as a C string the signal handler can use without allocating.
    nonisolated(unsafe) private static var pendingPath: UnsafeMutablePointer<CChar>?

    /// Installs the handlers; `temporaryPath` is removed if the run is interrupted.
    static func protect(temporaryPath: String?) {
        signal(SIGPIPE, SIG_IGN)
        pendingPath = temporaryPath.map { strdup($0) }
        let handler: @convention(c) (Int32) -> Void = { signal in
            if let path = Interruption.pendingPath { unlink(path) }
            _exit(128 + signal)
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
    }

    /// Forgets the temporary file once it has been renamed into place or removed.
    static func release() {
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
        pendingPath = nil
    }
}
