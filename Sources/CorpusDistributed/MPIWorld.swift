import CMPIShim
import CorpusTraining
import Foundation

/// MPI's world of processes (`mpirun -np K …`), as a `Communicator` for data-parallel
/// pretraining. MPI starts only when the environment says `mpirun` launched this process, so
/// the same binary runs as a plain single process everywhere else.
public final class MPIWorld: Communicator {
    /// This process's rank and the number of processes.
    public let rank: Int, size: Int

    private init(rank: Int, size: Int) {
        self.rank = rank
        self.size = size
    }

    /// Whether `environment` is that of a process `mpirun` (Open MPI) started.
    public static func isLaunched(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        environment["OMPI_COMM_WORLD_SIZE"] != nil || environment["PMIX_RANK"] != nil
    }

    /// MPI's world when `mpirun` launched this process (MPI is then initialized, once), nil
    /// otherwise.
    public static func startIfLaunched() throws(CommunicationError) -> MPIWorld? {
        guard isLaunched() else { return nil }
        var rank: Int32 = 0, size: Int32 = 0
        try check(corpus_mpi_init(&rank, &size), "init")
        return MPIWorld(rank: Int(rank), size: Int(size))
    }

    /// Ends MPI on this process after a run that went well on every process.
    public func finish() {
        if corpus_mpi_initialized() != 0 { _ = corpus_mpi_finalize() }
    }

    /// Ends every process of the world with `code`: after an error on one process the others
    /// would otherwise wait for it forever in the next collective call.
    public func abortAll(code: Int32) {
        _ = corpus_mpi_abort(code)
    }

    /// MPI_Allreduce of `values` with MPI_SUM, in place.
    public func sum(_ values: inout [Float]) throws(CommunicationError) {
        let code = values.withUnsafeMutableBufferPointer { corpus_mpi_sum_floats($0.baseAddress, $0.count) }
        try Self.check(code, "allreduce")
    }

    /// MPI_Allreduce of `values` with MPI_SUM, in place.
    public func sum(_ values: inout [Double]) throws(CommunicationError) {
        let code = values.withUnsafeMutableBufferPointer { corpus_mpi_sum_doubles($0.baseAddress, $0.count) }
        try Self.check(code, "allreduce")
    }

    /// MPI_Allgatherv of `values` (the counts gathered first), in rank order.
    public func gather(_ values: [Float]) throws(CommunicationError) -> [Float] {
        var counts = [Int32](repeating: 0, count: size)
        try Self.check(corpus_mpi_gather_counts(Int32(values.count), &counts), "allgather")
        let total = counts.reduce(0) { $0 + Int($1) }
        var gathered = [Float](repeating: 0, count: total)
        let code = values.withUnsafeBufferPointer { values in
            gathered.withUnsafeMutableBufferPointer { corpus_mpi_gather_floats(values.baseAddress, Int32(values.count), counts, $0.baseAddress) }
        }
        try Self.check(code, "allgatherv")
        return gathered
    }

    /// MPI_Allgather of `values`, in rank order.
    public func gather(_ values: [Double]) throws(CommunicationError) -> [Double] {
        var gathered = [Double](repeating: 0, count: values.count * size)
        let code = values.withUnsafeBufferPointer { values in
            gathered.withUnsafeMutableBufferPointer { corpus_mpi_gather_doubles(values.baseAddress, Int32(values.count), $0.baseAddress) }
        }
        try Self.check(code, "allgather")
        return gathered
    }

    private static func check(_ code: Int32, _ call: String) throws(CommunicationError) {
        guard code != 0 else { return }
        var text = [CChar](repeating: 0, count: 512)
        corpus_mpi_error_text(code, &text, Int32(text.count))
        let bytes = text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        throw CommunicationError(call: call, reason: String(decoding: bytes, as: UTF8.self))
    }
}
