import CorpusCore
import CorpusIngest

/// Where a dedup run works and how much it may hold in memory.
public struct DedupSettings: Sendable, Equatable {
    /// The folder for signatures, catalogs and decisions (one per method of a run).
    public var workDirectory: String
    /// The memory budget in bytes. Half goes to the sort buffer; merges read in chunks sized
    /// from the rest. (Union-find state of MinHash clusters is outside the sort budget.)
    public var memoryBytes: Int
    /// Hash partitions per run: each is merged on its own, so merge memory stays bounded.
    public var partitions: Int
    /// Threads for signatures and for applying decisions; output does not depend on it.
    public var workers: Int
    /// Documents handed to the workers at a time.
    public var batchSize: Int

    /// Settings with the defaults: 16 partitions, batches of 512.
    public init(workDirectory: String, memoryBytes: Int, partitions: Int = 16, workers: Int = 1, batchSize: Int = 512) {
        self.workDirectory = workDirectory
        self.memoryBytes = memoryBytes
        self.partitions = partitions
        self.workers = workers
        self.batchSize = batchSize
    }

    /// Refuses impossible settings before any input is read.
    public func validate() throws(DedupError) {
        guard memoryBytes >= 1 << 16 else { throw .invalidOption("--memory must be at least 64KB (got \(memoryBytes) bytes)") }
        guard (1...4096).contains(partitions) else { throw .invalidOption("partitions must be in 1...4096 (got \(partitions))") }
        guard workers >= 1 else { throw .invalidOption("--workers must be at least 1") }
        guard batchSize >= 1 else { throw .invalidOption("--batch-size must be at least 1") }
    }

    /// The folder of step `step` (its method named `method`): signatures and decisions.
    func stepDirectory(_ step: Int, _ method: String) -> String { workDirectory + "/step\(step)-\(method)" }
    func signatureDirectory(_ step: Int, _ method: String) -> String { stepDirectory(step, method) + "/signatures" }
    func decisionDirectory(_ step: Int, _ method: String) -> String { stepDirectory(step, method) + "/decisions" }
    var catalogDirectory: String { workDirectory + "/catalog" }
    var sortBufferBytes: Int { memoryBytes / 2 }

    /// Records per merge read so that `runs` cursors share a quarter of the budget.
    func mergeChunk<R>(_ type: R.Type, runs: Int) -> Int {
        max(256, memoryBytes / 4 / max(1, runs) / MemoryLayout<R>.stride)
    }
}

/// The input of a dedup pass: every input file in corpus order, and which of them this rank reads.
public struct DedupInput: Sendable {
    /// All input files, sorted: a file's index here is the file part of its ordinals.
    public let allFiles: [String]
    /// This rank's share.
    public let split: WorkSplit
    /// How to read the files.
    public let options: ReaderOptions

    /// Input over `files` (sorted here) for rank `split`.
    public init(files: [String], split: WorkSplit = .single, options: ReaderOptions) {
        allFiles = files.sorted()
        self.split = split
        self.options = options
    }

    /// This rank's files with their corpus-wide index.
    public var mine: [(index: Int, path: String)] {
        allFiles.enumerated().filter { $0.offset % split.worldSize == split.rank }.map { ($0.offset, $0.element) }
    }
}

/// Documents from this rank's files with their ordinals, in corpus order.
final class OrdinalStream {
    let stream: DocumentStream
    private let files: [(index: Int, path: String)]
    private var lastFile = -1
    private var nextDocument = 0
    /// Called with each document as it is read, before it is handed out.
    var onDocument: ((Document, DocumentOrdinal) throws(DedupError) -> Void)?

    init(input: DedupInput) {
        files = input.mine
        stream = DocumentStream(files: files.map(\.path), options: input.options)
    }

    func next() throws(DedupError) -> (Document, DocumentOrdinal)? {
        guard let document = stream.next() else { return nil }
        let file = files[stream.currentFileIndex].index
        if file != lastFile {
            lastFile = file
            nextDocument = 0
        }
        let ordinal = DocumentOrdinal(file: file, document: nextDocument)
        nextDocument += 1
        try onDocument?(document, ordinal)
        return (document, ordinal)
    }

    /// Up to `count` documents.
    func batch(_ count: Int) throws(DedupError) -> [(Document, DocumentOrdinal)] {
        var out: [(Document, DocumentOrdinal)] = []
        out.reserveCapacity(count)
        while out.count < count, let next = try next() { out.append(next) }
        return out
    }
}
