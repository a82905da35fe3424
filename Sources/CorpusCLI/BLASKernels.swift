import Foundation

/// Debian's OpenBLAS 0.3.21 does not recognize this generation of AVX-512 CPUs and falls back to
/// its Haswell kernels at half the speed (../shared/DEPENDENCIES.md). The kernels are chosen when
/// the library loads, so the process starts itself again with `OPENBLAS_CORETYPE=SkylakeX`
/// when the CPU has `avx512f` and the user has not chosen a core type.
enum BLASKernels {
    static func preferFastKernels() {
        guard ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil,
              let cpu = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              cpu.contains(" avx512f") else { return }
        setenv("OPENBLAS_CORETYPE", "SkylakeX", 1)
        let arguments = CommandLine.arguments
        var pointers = arguments.map { strdup($0) }
        pointers.append(nil)
        execv("/proc/self/exe", pointers)
        // execv returned: carry on with the kernels already loaded.
    }
}
