/// A sorted run on disk: records grouped by partition, each group sorted.
///
/// Layout (little-endian): magic `CDRUN01\0`, record size, partition count, then
/// partition count + 1 record indexes where each partition's records start (the last is the
/// total), then the records. See `Shards/README.md` for the shard format; this one is internal.
enum RunFile {
    static let magic: UInt64 = 0x0031_304E_5552_4443  // "CDRUN01\0"

    /// Writes `records`, already sorted by (partition, record), as a run of `partitions`.
    static func write<R: SortRecord>(_ records: UnsafeBufferPointer<R>, partitions: Int, to path: String) throws(DedupError) -> Int64 {
        var starts = [UInt64](repeating: 0, count: partitions + 1)
        for record in records { starts[record.partition(of: partitions) + 1] += 1 }
        for p in 0..<partitions { starts[p + 1] += starts[p] }
        let file = try BinaryFileWriter(path: path)
        try file.append(magic)
        try file.append(UInt64(MemoryLayout<R>.stride))
        try file.append(UInt64(partitions))
        try starts.withUnsafeBufferPointer { (pointer) throws(DedupError) in try file.append(contentsOf: pointer) }
        try file.append(contentsOf: records)
        try file.commit()
        return file.bytesWritten
    }
}

/// One partition of one run file, read forward in chunks.
struct RunCursor<R: SortRecord> {
    private let file: BinaryFileReader
    private var next: Int
    private let end: Int
    private let dataStart: Int64
    private let chunk: Int
    private var buffer: [R] = []
    private var position = 0

    /// Opens partition `partition` of the run at `path`, reading `chunk` records at a time.
    init(path: String, partition: Int, chunk: Int) throws(DedupError) {
        file = try BinaryFileReader(path: path)
        let head = try file.read(UInt64.self, count: 3, at: 0)
        guard head[0] == RunFile.magic else { throw .corruptWorkFile(path: path, detail: "bad magic") }
        guard head[1] == UInt64(MemoryLayout<R>.stride) else {
            throw .corruptWorkFile(path: path, detail: "record size \(head[1]), expected \(MemoryLayout<R>.stride)")
        }
        let partitions = Int(head[2])
        guard partition < partitions else {
            throw .corruptWorkFile(path: path, detail: "\(partitions) partitions, partition \(partition) asked for")
        }
        let starts = try file.read(UInt64.self, count: 2, at: Int64(24 + 8 * partition))
        dataStart = Int64(24 + 8 * (partitions + 1))
        next = Int(starts[0])
        end = Int(starts[1])
        self.chunk = max(1, chunk)
        let expected = dataStart + Int64(MemoryLayout<R>.stride) * Int64(end)
        guard file.size >= expected else { throw .corruptWorkFile(path: path, detail: "truncated") }
    }

    /// The next record, or nil at the end of the partition.
    mutating func pop() throws(DedupError) -> R? {
        if position == buffer.count {
            guard next < end else { return nil }
            let count = min(chunk, end - next)
            buffer = try file.read(R.self, count: count, at: dataStart + Int64(MemoryLayout<R>.stride) * Int64(next))
            next += count
            position = 0
        }
        defer { position += 1 }
        return buffer[position]
    }
}
