import COpenBLAS

/// The BLAS library at run time: which kernels it chose and how many threads it uses.
public enum BLASRuntime {
    /// The CPU core type OpenBLAS picked its kernels for ("Haswell", "SkylakeX", ...).
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// Threads OpenBLAS uses for one product.
    public static var threads: Int { Int(openblas_get_num_threads()) }

    /// Sets the threads OpenBLAS uses for one product.
    public static func setThreads(_ count: Int) { openblas_set_num_threads(Int32(max(1, count))) }
}
