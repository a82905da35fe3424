/// Why a shard, a dataset or an export could not be written or read. Every case names the file,
/// and corruption names the part of the file and its byte range so the damage can be located.
public enum ShardError: Error, Equatable, CustomStringConvertible {
    /// Options that cannot produce a valid dataset (checked before any file is touched).
    case invalidOptions(String)
    /// An argument out of range for the file it addresses (a document or token past the end).
    case outOfRange(path: String, detail: String)
    /// A file or folder could not be opened or read (it is missing, or permissions forbid it).
    case cannotRead(path: String, reason: String)
    /// A file could not be created, written or renamed into place.
    case cannotWrite(path: String, reason: String)
    /// The bytes of a shard are not what the format and its checksums promise.
    case corrupt(path: String, part: String, byteOffset: Int, detail: String)
    /// A dataset folder that is not complete: no manifest, or a listed shard missing or of the wrong size.
    case incompleteDataset(path: String, detail: String)
    /// A file that is not a shard, or one written by a newer version of the format.
    case unsupported(path: String, detail: String)

    /// A message a person can act on.
    public var description: String {
        switch self {
        case .invalidOptions(let detail):
            return "invalid shard options: \(detail)"
        case .outOfRange(let path, let detail):
            return "\(path): \(detail)"
        case .cannotRead(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .cannotWrite(let path, let reason):
            return "cannot write \(path): \(reason)"
        case .corrupt(let path, let part, let byteOffset, let detail):
            return "\(path): corrupt \(part) at byte offset \(byteOffset): \(detail); the file is damaged, "
                + "restore it from a copy or rewrite the dataset"
        case .incompleteDataset(let path, let detail):
            return "\(path): incomplete dataset: \(detail); the run that wrote it did not finish, write it again"
        case .unsupported(let path, let detail):
            return "\(path): \(detail)"
        }
    }
}
