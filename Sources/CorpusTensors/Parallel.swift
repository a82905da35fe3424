import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Loops whose iterations write disjoint outputs, spread over the threads BLAS uses.
///
/// The split into pieces never depends on the thread count: piece `i` always covers the same
/// elements and computes them with the same arithmetic, and threads only decide who runs it. So
/// results are bit-identical on one thread or many. Reductions keep one partial result per
/// fixed piece and add the partials in piece order.
public enum Parallel {
    /// Threads the loops and the pieces of products use (`BLASRuntime.setThreads` sets it).
    public static var width: Int { BLASRuntime.threads }

    /// Calls `body(i)` once for every `i` in `0..<count` on up to `threads` threads.
    @inlinable
    public static func forEach(_ count: Int, threads: Int = width, _ body: (Int) -> Void) {
        let threads = min(threads, count)
        guard threads > 1 else {
            for index in 0..<count { body(index) }
            return
        }
        // Threads take the next piece as they finish one, so a thread slowed by other work on a
        // shared machine holds up no piece but its own.
        let next = PieceCounter()
        withoutActuallyEscaping(body) { body in
            let work = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: threads) { _ in
                while true {
                    let index = next.take()
                    guard index < count else { return }
                    work.value(index)
                }
            }
        }
    }

    /// Calls `body` on consecutive ranges of `grain` indices (the last may be shorter) that
    /// cover `0..<count`, on up to `threads` threads.
    @inlinable
    public static func forRanges(_ count: Int, grain: Int, threads: Int = width, _ body: (Range<Int>) -> Void) {
        let pieces = (count + grain - 1) / grain
        forEach(pieces, threads: threads) { piece in body(piece * grain..<min(count, (piece + 1) * grain)) }
    }
}

extension Parallel {
    /// Elements per piece for loops that do a few operations per element: large enough that
    /// handing a piece to a thread costs little beside it.
    public static let elementGrain = 16_384

    /// `dx[i] += term(dy[i], x[i])` for every element, in pieces of `elementGrain`: the shape of
    /// every element-wise backward pass (activations, dropout).
    @inlinable
    public static func accumulate<T>(_ dy: [T], _ x: [T], into dx: inout [T], _ term: (T, T) -> T) where T: BinaryFloatingPoint {
        precondition(dy.count == x.count && dx.count == dy.count, "Parallel.accumulate: shapes")
        dy.withUnsafeBufferPointer { dy in
            x.withUnsafeBufferPointer { x in
                dx.withUnsafeMutableBufferPointer { dx in
                    let dy = SharedBuffer(dy), x = SharedBuffer(x), dx = SharedBuffer(dx)
                    forRanges(dx.count, grain: elementGrain) { range in
                        for i in range { dx[i] += term(dy[i], x[i]) }
                    }
                }
            }
        }
    }

    /// A new array of `count` elements, each piece of `grain` indices filled by `fill`, which
    /// must write every element of the range it is given.
    @inlinable
    public static func array<T>(count: Int, grain: Int = elementGrain, _ fill: (SharedBuffer<T>, Range<Int>) -> Void) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let shared = SharedBuffer(buffer)
            forRanges(count, grain: grain) { range in fill(shared, range) }
            initialized = count
        }
    }
}

extension Parallel {
    /// A new array of `count` zeros, cleared in parallel pieces. It clears bytes, so it is as
    /// fast in code not specialized for `T` (all-zero bits are 0 in every `TensorScalar`).
    @inlinable
    public static func zeros<T: TensorScalar>(_ count: Int) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let bytes = UnsafeMutableRawBufferPointer(buffer), start = UncheckedSendable(bytes.baseAddress)
            forRanges(bytes.count, grain: 4 * elementGrain * MemoryLayout<T>.stride) { range in
                if let base = start.value { memset(base + range.lowerBound, 0, range.count) }
            }
            initialized = count
        }
    }
}

/// A value handed to worker threads that only touch disjoint parts of what it points to.
@usableFromInline
struct UncheckedSendable<Value>: @unchecked Sendable {
    @usableFromInline let value: Value
    @inlinable init(_ value: Value) { self.value = value }
}

/// Raw element storage shared with worker threads, each of which writes its own elements.
public struct SharedBuffer<T>: @unchecked Sendable {
    /// The first element.
    public let base: UnsafeMutablePointer<T>
    /// The number of elements.
    public let count: Int

    /// Wraps the storage of a buffer the caller keeps alive and does not otherwise touch.
    @inlinable
    public init(_ buffer: UnsafeMutableBufferPointer<T>) {
        count = buffer.count
        base = buffer.baseAddress ?? UnsafeMutablePointer(bitPattern: MemoryLayout<T>.alignment)!
    }

    /// Wraps read-only storage.
    @inlinable
    public init(_ buffer: UnsafeBufferPointer<T>) {
        count = buffer.count
        base = UnsafeMutablePointer(mutating: buffer.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<T>.alignment)!)
    }

    /// Element `index`.
    @inlinable
    public subscript(index: Int) -> T {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }
}

/// Hands out piece numbers 0, 1, 2, ... to the threads of one parallel loop.
@usableFromInline
final class PieceCounter: Sendable {
    @usableFromInline let next = Atomic<Int>(0)
    @inlinable init() {}

    /// The next piece number.
    @inlinable func take() -> Int { next.wrappingAdd(1, ordering: .relaxed).oldValue }
}
