/// Settings of the methods that have any, as the command line and pipeline configs give them.
public struct DedupMethodOptions: Sendable, Equatable {
    /// Makes options with every method's defaults.
    public init() {}
}

/// The dedup methods by the name the command line uses, in the order a run applies them.
public enum DedupMethodName: String, CaseIterable, Sendable {
    /// Pages with the same normalized URL: the newest stays (C4).
    case url
    /// Documents with the same key-normalized text.
    case exact

    /// The method with `options`, checked.
    public func make(_ options: DedupMethodOptions) throws(DedupError) -> any DedupMethod {
        switch self {
        case .url: return URLDedup()
        case .exact: return ExactDedup()
        }
    }
}
