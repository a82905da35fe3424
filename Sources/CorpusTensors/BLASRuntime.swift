import COpenBLAS
import Synchronization

/// The BLAS library at run time: which kernels it chose, and the thread count the project's
/// products and loops use.
///
/// OpenBLAS itself runs every call on one thread. Its thread count is one process-wide setting,
/// and its threads split some shapes so that sums differ in the last bits; a count that one
/// computation changed while another ran would change the other's numbers. Products are split
/// into fixed pieces on `Parallel`'s threads instead (`Parallel.product`), so the count set here
/// decides speed only, never results, whatever else runs in the process.
public enum BLASRuntime {
    /// The CPU core type OpenBLAS picked its kernels for ("Haswell", "SkylakeX", ...).
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// Threads the project's products and loops use.
    public static var threads: Int { configured.load(ordering: .relaxed) }

    /// Sets the threads the project's products and loops use.
    public static func setThreads(_ count: Int) { configured.store(max(1, count), ordering: .relaxed) }

    /// Threads OpenBLAS uses inside one call: 1, except while `corpus bench` measures the library.
    public static var libraryThreads: Int {
        _ = configured.load(ordering: .relaxed)
        return Int(openblas_get_num_threads())
    }

    /// Sets the threads OpenBLAS uses inside one call, for measuring the library on its own
    /// (`corpus bench`); call `setLibraryThreads(1)` afterwards.
    public static func setLibraryThreads(_ count: Int) {
        _ = configured.load(ordering: .relaxed)
        openblas_set_num_threads(Int32(max(1, count)))
    }

    /// The count OpenBLAS started with (its default, or OPENBLAS_NUM_THREADS), read once, after
    /// which OpenBLAS is set to one thread.
    private static let initialThreads: Int = {
        let count = Int(openblas_get_num_threads())
        openblas_set_num_threads(1)
        return max(1, count)
    }()

    private static let configured = Atomic<Int>(initialThreads)
}
