/// Why a dedup run stopped: each case names the file and what to do.
public enum DedupError: Error, Equatable, CustomStringConvertible {
    /// A work file could not be created or written (disk full, permissions).
    case cannotWrite(path: String, reason: String)
    /// A work file could not be opened or read.
    case cannotRead(path: String, reason: String)
    /// A run or catalog file is not what this version writes (damaged, or from another version).
    case corruptWorkFile(path: String, detail: String)
    /// An option was out of range.
    case invalidOption(String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason):
            return "\(path): cannot write: \(reason)"
        case .cannotRead(let path, let reason):
            return "\(path): cannot read: \(reason)"
        case .corruptWorkFile(let path, let detail):
            return "\(path): not a valid dedup work file (\(detail)); remove the work directory and run again"
        case .invalidOption(let message):
            return message
        }
    }
}
