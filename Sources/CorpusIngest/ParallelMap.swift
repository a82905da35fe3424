import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// Maps over an array on several threads, keeping the order of the input.
public enum ParallelMap {
    /// The cores this process may use.
    public static var availableCores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// `items.map(transform)`, computed by up to `workers` threads; the result is the same
    /// array as the serial map.
    public static func map<T: Sendable, R: Sendable>(_ items: [T], workers: Int, _ transform: @Sendable (T) -> R) -> [R] {
        if workers <= 1 || items.count <= 1 { return items.map(transform) }
        let slots = Slots<R>(count: items.count)
        defer { slots.release() }
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            slots.store(transform(items[index]), at: index)
        }
        return slots.collect()
    }
}

/// Result slots that concurrent iterations fill, each at its own index.
private final class Slots<R>: @unchecked Sendable {
    private let buffer: UnsafeMutablePointer<R?>
    private let count: Int

    init(count: Int) {
        self.count = count
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil, count: count)
    }

    func store(_ value: R, at index: Int) { buffer[index] = value }

    func collect() -> [R] { (0..<count).compactMap { buffer[$0] } }

    func release() {
        buffer.deinitialize(count: count)
        buffer.deallocate()
    }
}
