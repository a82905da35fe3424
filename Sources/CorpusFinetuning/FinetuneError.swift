/// Why fine-tuning refused to start or stopped.
public enum FinetuneError: Error, CustomStringConvertible, Equatable {
    /// An input file does not exist.
    case missing(path: String, what: String)
    /// An input file exists but cannot be read at all.
    case unreadable(path: String, reason: String)
    /// The data does not fit the task: no usable rows, a single label, a named column the header lacks.
    case data(path: String, reason: String)
    /// The pretrained model cannot be fine-tuned as asked.
    case model(path: String, reason: String)
    /// The settings cannot train.
    case invalidSettings([String])
    /// Writing an output failed.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let path, let what): "\(path): no such \(what)"
        case .unreadable(let path, let reason): "\(path): cannot be read: \(reason)"
        case .data(let path, let reason): "\(path): \(reason)"
        case .model(let path, let reason): "\(path): \(reason)"
        case .invalidSettings(let problems): "the fine-tuning settings cannot train: " + problems.joined(separator: "; ")
        case .cannotWrite(let path, let reason): "\(path): cannot write: \(reason)"
        }
    }
}
