#if canImport(Glibc)
import Glibc
#endif

/// Sorts more records than fit in memory: records collect in a buffer of at most
/// `memoryBytes`; a full buffer is sorted by (partition, record) and spilled to a run file.
/// `MergedPartition` then merges one partition across all runs, in order.
public final class ExternalSorter<R: SortRecord> {
    /// Where run files go.
    public let directory: String
    /// The run files' name prefix; runs are `<prefix>-<spill>.run`.
    public let prefix: String
    /// How many hash partitions each run is split into.
    public let partitions: Int
    private let capacity: Int
    private var buffer: [R] = []
    /// The run files written so far.
    public private(set) var runs: [String] = []
    /// Bytes written to run files so far.
    public private(set) var bytesSpilled: Int64 = 0
    /// Records appended so far.
    public private(set) var count = 0

    /// A sorter whose buffer holds at most `memoryBytes` of records (at least one).
    public init(directory: String, prefix: String, memoryBytes: Int, partitions: Int) throws(DedupError) {
        guard partitions >= 1 else { throw .invalidOption("partitions must be at least 1") }
        self.directory = directory
        self.prefix = prefix
        self.partitions = partitions
        capacity = max(1, memoryBytes / MemoryLayout<R>.stride)
        try makeDirectories(directory)
        // Runs left by an earlier, interrupted attempt would be merged with this one's.
        for stale in filesIn(directory, prefix: prefix + "-", suffix: ".run") { unlink(stale) }
    }

    /// Adds one record, spilling when the buffer is full.
    public func append(_ record: R) throws(DedupError) {
        if buffer.count == capacity { try spill() }
        buffer.append(record)
        count += 1
    }

    /// Adds records in order.
    public func append(contentsOf records: [R]) throws(DedupError) {
        for record in records { try append(record) }
    }

    /// Spills what is buffered and returns every run file (an empty input still leaves one run).
    public func finish() throws(DedupError) -> [String] {
        if !buffer.isEmpty || runs.isEmpty { try spill() }
        buffer = []
        return runs
    }

    private func spill() throws(DedupError) {
        let partitions = self.partitions
        buffer.sort { a, b in
            let pa = a.partition(of: partitions), pb = b.partition(of: partitions)
            return pa != pb ? pa < pb : a < b
        }
        let path = directory + "/" + prefix + "-" + String(runs.count + 100_000).dropFirst() + ".run"
        bytesSpilled += try buffer.withUnsafeBufferPointer { (records) throws(DedupError) in
            try RunFile.write(records, partitions: partitions, to: path)
        }
        runs.append(path)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// The records of one partition across several run files, in sorted order (a k-way merge).
public struct MergedPartition<R: SortRecord>: ~Copyable {
    private var cursors: [RunCursor<R>] = []
    private var heads: [R] = []
    private var heap: [Int] = []

    /// Merges partition `partition` of `runs`, reading `chunkRecords` records per run at a time.
    public init(runs: [String], partition: Int, chunkRecords: Int = 16_384) throws(DedupError) {
        for path in runs {
            var cursor = try RunCursor<R>(path: path, partition: partition, chunk: chunkRecords)
            if let first = try cursor.pop() {
                cursors.append(cursor)
                heads.append(first)
                heap.append(heads.count - 1)
            }
        }
        for i in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
    }

    /// The next record in order, or nil when every run is exhausted.
    public mutating func next() throws(DedupError) -> R? {
        guard let top = heap.first else { return nil }
        let record = heads[top]
        if let following = try cursors[top].pop() {
            heads[top] = following
        } else {
            heap[0] = heap[heap.count - 1]
            heap.removeLast()
        }
        if !heap.isEmpty { siftDown(0) }
        return record
    }

    private func less(_ a: Int, _ b: Int) -> Bool {
        heads[a] != heads[b] ? heads[a] < heads[b] : a < b
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        while true {
            let left = 2 * i + 1, right = left + 1
            var smallest = i
            if left < heap.count && less(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count && less(heap[right], heap[smallest]) { smallest = right }
            if smallest == i { return }
            heap.swapAt(i, smallest)
            i = smallest
        }
    }
}
