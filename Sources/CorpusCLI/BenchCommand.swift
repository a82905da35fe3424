import ArgumentParser
import CorpusTensors
import Foundation

/// `corpus bench`: throughput measurements for the performance notes (BENCHMARKS.md); not
/// part of the corpus workflow, so left out of `corpus --help`.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the speed of the numeric kernels training relies on.",
        shouldDisplay: false,
        subcommands: [BenchGemmCommand.self]
    )
}

/// `corpus bench gemm`: single-precision matrix-product GFLOP/s on the shapes an ELECTRA-Small
/// step multiplies (batch 16 × 128 rows) and on a large square product (the machine's peak),
/// as one BLAS call (OpenBLAS's own threads) and as `Parallel.product`'s fixed pieces.
struct BenchGemmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gemm",
        abstract: "sgemm GFLOP/s on ELECTRA-Small's shapes and on a large square product, on 1 and on all threads."
    )

    @Option(help: "Rows of activations (batch × sequence length).")
    var rows = 2048

    @Option(help: "Seconds to measure each shape for (the median of five rounds is reported).")
    var seconds = 0.5

    @Option(help: "Thread counts to measure, comma-separated (default: 1 and all cores).")
    var threads: String?

    /// One product: op(A) m × k times op(B) k × n.
    struct Shape {
        var name: String, transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int
    }

    func run() throws {
        BLASKernels.preferFastKernels()
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let counts = threads.map { $0.split(separator: ",").compactMap { Int($0) } } ?? Array(Set([1, cores])).sorted()
        let r = rows
        let shapes = [
            Shape(name: "square 2048 (peak)", transposeA: false, transposeB: false, m: 2048, n: 2048, k: 2048),
            Shape(name: "x·Wᵀ 256→256 (Q, K, V, out)", transposeA: false, transposeB: true, m: r, n: 256, k: 256),
            Shape(name: "x·Wᵀ 256→1024 (FFN in)", transposeA: false, transposeB: true, m: r, n: 1024, k: 256),
            Shape(name: "x·Wᵀ 1024→256 (FFN out)", transposeA: false, transposeB: true, m: r, n: 256, k: 1024),
            Shape(name: "dy·W 256→256 (∂x)", transposeA: false, transposeB: false, m: r, n: 256, k: 256),
            Shape(name: "dy·W 1024→256 (∂x FFN in)", transposeA: false, transposeB: false, m: r, n: 256, k: 1024),
            Shape(name: "dyᵀ·x 256×256 (∂W)", transposeA: true, transposeB: false, m: 256, n: 256, k: r),
            Shape(name: "dyᵀ·x 1024×256 (∂W FFN in)", transposeA: true, transposeB: false, m: 1024, n: 256, k: r),
            Shape(name: "x·Wᵀ 64→64 (generator)", transposeA: false, transposeB: true, m: r, n: 64, k: 64),
            Shape(name: "x·Wᵀ 64→256 (generator FFN)", transposeA: false, transposeB: true, m: r, n: 256, k: 64),
        ]
        print("BLAS \(BLASRuntime.coreName); GFLOP/s, median of 5 rounds of \(seconds) s; \(r) rows")
        print("shape".padding(toLength: 32, withPad: " ", startingAt: 0) + counts.map { "  BLAS \($0)t  pieces \($0)t" }.joined())
        for shape in shapes {
            var line = shape.name.padding(toLength: 32, withPad: " ", startingAt: 0)
            for count in counts {
                BLASRuntime.setThreads(count)
                BLASRuntime.setLibraryThreads(count)
                let blas = measure(shape) { a, b, c in
                    Float.gemm(transposeA: shape.transposeA, transposeB: shape.transposeB, m: shape.m, n: shape.n, k: shape.k,
                               alpha: 1, a, b, beta: 1, c)
                }
                BLASRuntime.setLibraryThreads(1)
                let pieces = measure(shape) { a, b, c in
                    Parallel.product(transposeA: shape.transposeA, transposeB: shape.transposeB, m: shape.m, n: shape.n, k: shape.k,
                                     alpha: 1, a, b, beta: 1, c)
                }
                line += String(format: "  %7.1f  %9.1f", blas, pieces)
            }
            print(line)
        }
    }

    /// GFLOP/s of `product` on fresh operands of `shape`'s sizes.
    func measure(_ shape: Shape, _ product: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Void) -> Double {
        let a = (0..<shape.m * shape.k).map { Float($0 % 17) * 0.01 }, b = (0..<shape.k * shape.n).map { Float($0 % 13) * 0.01 }
        var c = [Float](repeating: 0, count: shape.m * shape.n)
        let flops = 2.0 * Double(shape.m) * Double(shape.n) * Double(shape.k)
        var rounds: [Double] = []
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    product(a.baseAddress!, b.baseAddress!, c.baseAddress!)  // warm-up
                    let clock = ContinuousClock()
                    for _ in 0..<5 {
                        let start = clock.now
                        var calls = 0, elapsed = 0.0
                        repeat {
                            product(a.baseAddress!, b.baseAddress!, c.baseAddress!)
                            calls += 1
                            let duration = clock.now - start
                            elapsed = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
                        } while elapsed < seconds / 5
                        rounds.append(flops * Double(calls) / elapsed / 1e9)
                    }
                }
            }
        }
        return rounds.sorted()[rounds.count / 2]
    }
}
