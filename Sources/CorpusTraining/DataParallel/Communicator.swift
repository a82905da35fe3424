import Foundation

/// The processes that train one model together (data parallelism): each trains on its share of
/// every global batch and the gradients are summed over all of them before every update.
/// `SingleProcess` is the default world of one; `corpus pretrain` under `mpirun` uses MPI's.
public protocol Communicator: AnyObject, Sendable {
    /// This process's number, 0 ..< `size`; rank 0 writes the run's files.
    var rank: Int { get }
    /// Processes in the world.
    var size: Int { get }
    /// Replaces `values` on every rank with their element-wise sum over all ranks.
    func sum(_ values: inout [Float]) throws(CommunicationError)
    /// Replaces `values` on every rank with their element-wise sum over all ranks.
    func sum(_ values: inout [Double]) throws(CommunicationError)
    /// Every rank's `values`, concatenated in rank order (ranks may give different counts).
    func gather(_ values: [Float]) throws(CommunicationError) -> [Float]
    /// Every rank's `values` (the same count on every rank), concatenated in rank order.
    func gather(_ values: [Double]) throws(CommunicationError) -> [Double]
}

/// A communication call that failed: the call and what the library said.
public struct CommunicationError: Error, Equatable, CustomStringConvertible {
    /// The collective that failed ("allreduce", "allgather", …).
    public var call: String
    /// The library's message.
    public var reason: String

    /// An error from `call`.
    public init(call: String, reason: String) {
        self.call = call
        self.reason = reason
    }

    /// "MPI <call> failed: <reason>".
    public var description: String { "MPI \(call) failed: \(reason)" }
}

/// The world of one process: every collective is the identity.
public final class SingleProcess: Communicator {
    /// The shared instance.
    public static let shared = SingleProcess()
    /// Always 0.
    public var rank: Int { 0 }
    /// Always 1.
    public var size: Int { 1 }

    /// A world of one.
    public init() {}

    /// Leaves `values` as they are: the sum over one rank.
    public func sum(_ values: inout [Float]) throws(CommunicationError) {}
    /// Leaves `values` as they are: the sum over one rank.
    public func sum(_ values: inout [Double]) throws(CommunicationError) {}
    /// `values`: the only rank's.
    public func gather(_ values: [Float]) throws(CommunicationError) -> [Float] { values }
    /// `values`: the only rank's.
    public func gather(_ values: [Double]) throws(CommunicationError) -> [Double] { values }
}

/// The communicator `PretrainingRun` uses when none is given: `SingleProcess` unless the program
/// installed another (`corpus pretrain` installs MPI's world when launched by `mpirun`).
public enum DataParallel {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var installed: any Communicator = SingleProcess.shared

    /// The process-wide communicator.
    public static var world: any Communicator {
        get { lock.withLock { installed } }
        set { lock.withLock { installed = newValue } }
    }
}
