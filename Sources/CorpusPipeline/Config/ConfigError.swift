/// Why a pipeline config was refused: where (file and line) and what to change. Raised while the
/// config is read and checked, before any input is read.
public struct PipelineConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The config file.
    public var path: String
    /// The 1-based line of the offending key or value (0 when the file as a whole is wrong).
    public var line: Int
    /// What is wrong and how to fix it.
    public var message: String

    /// An error at `line` of `path`.
    public init(path: String, line: Int, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String { line > 0 ? "\(path):\(line): \(message)" : "\(path): \(message)" }
}

/// A problem found while reading one mapping, before the file name is known to it.
struct ConfigProblem: Error {
    var line: Int
    var message: String
}
