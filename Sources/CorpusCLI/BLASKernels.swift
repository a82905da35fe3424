import Foundation

/// Debian's OpenBLAS 0.3.21 does not recognize this generation of AVX-512 CPUs and falls back to
/// its Haswell kernels at half the speed (../shared/DEPENDENCIES.md). Its idle threads also spin
/// (calling `sched_yield`) for about 2²⁸ cycles after each product, competing with the training
/// loops' own threads for the cores; `OPENBLAS_THREAD_TIMEOUT=10` makes them sleep after 2¹⁰
/// cycles (measured: electra-small steps about a fifth faster on two cores). Both are read
/// when the library loads, so the process starts itself again with them set, unless the user
/// has chosen either.
enum BLASKernels {
    static func preferFastKernels() {
        let environment = ProcessInfo.processInfo.environment
        var changed = false
        if environment["OPENBLAS_CORETYPE"] == nil,
           let cpu = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8), cpu.contains(" avx512f") {
            setenv("OPENBLAS_CORETYPE", "SkylakeX", 1)
            changed = true
        }
        if environment["OPENBLAS_THREAD_TIMEOUT"] == nil && environment["GOTO_THREAD_TIMEOUT"] == nil {
            setenv("OPENBLAS_THREAD_TIMEOUT", "10", 1)
            changed = true
        }
        guard changed else { return }
        let arguments = CommandLine.arguments
        var pointers = arguments.map { strdup($0) }
        pointers.append(nil)
        execv("/proc/self/exe", pointers)
        // execv returned: carry on with the settings already loaded.
    }
}

/// Training allocates and frees the same few-megabyte activation arrays every step. By default
/// glibc hands freed memory at the top of the heap back to the system and serves the largest
/// requests with fresh `mmap`s, so each step pays again for zero-filled pages (measured: about
/// a fifth of electra-tiny's step time). Raising both thresholds keeps that memory for reuse.
enum MemoryReuse {
    static func keepFreedMemory() {
        // Swift's Glibc module leaves out <malloc.h>; look mallopt up instead.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
        _ = mallopt(mmapThreshold, 32 << 20)  // glibc's largest allowed value
        _ = mallopt(trimThreshold, 1 << 30)
    }
}
