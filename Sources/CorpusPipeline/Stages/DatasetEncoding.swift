import CorpusCore
import CorpusIngest
import CorpusShards
import CorpusTokenizer
import Dispatch
import Foundation

/// Encodes documents into a token dataset: documents are read in batches on the calling thread
/// while the previous batch is encoded on the workers, and written in input order while the
/// next one encodes, so the dataset is the same for any worker count. Used by `corpus shard`
/// and by the pipeline's shard stage.
public struct DatasetEncoding {
    /// The documents to encode, and how to read them.
    public var files: [String], readerOptions: ReaderOptions
    /// The model, and the eos id appended to every document.
    public var tokenizer: SentencePieceTokenizer, eos: UInt32
    /// Documents per batch, and encoding threads.
    public var batchSize: Int, workers: Int

    /// An encoding of `files` with `tokenizer`.
    public init(files: [String], readerOptions: ReaderOptions, tokenizer: SentencePieceTokenizer, eos: UInt32, batchSize: Int, workers: Int) {
        self.files = files
        self.readerOptions = readerOptions
        self.tokenizer = tokenizer
        self.eos = eos
        self.batchSize = batchSize
        self.workers = workers
    }

    /// Encodes every document into a dataset at `directory`, copies `tokenizerFile` there as
    /// `tokenizer.model`, then writes the manifest (last). `progress` gets the counts and the
    /// stream after each batch. Throws `EncodingFailure` for a document the model cannot encode.
    public func write(to directory: String, options: DatasetWriterOptions, tokenizerFile: String,
                      onProblem: (@Sendable (String) -> Void)?,
                      progress: (ShardRunTotals, DocumentStream) -> Void) throws -> (DatasetManifest, ShardRunTotals, ReadStatistics) {
        let stream = DocumentStream(files: files, options: readerOptions)
        stream.onProblem = onProblem
        var totals = ShardRunTotals()
        let writer = try DatasetWriter(directory: directory, options: options)
        let queue = DispatchQueue(label: "corpus.shard.encode", attributes: .concurrent)
        var inFlight = EncodingBatch.start(readBatch(stream, totals: &totals), tokenizer: tokenizer, eos: eos, workers: workers, queue: queue)
        while let current = inFlight {
            let following = readBatch(stream, totals: &totals)
            let encoded = try current.wait()
            inFlight = EncodingBatch.start(following, tokenizer: tokenizer, eos: eos, workers: workers, queue: queue)
            for (document, tokens) in zip(current.documents, encoded) {
                try writer.append(documentID: document.id, tokens: tokens)
                totals.tokens += tokens.count
            }
            progress(totals, stream)
        }
        try copyTokenizer(tokenizerFile, into: directory)
        return (try writer.finish(), totals, stream.statistics)
    }

    /// The next `batchSize` documents with text (empty ones are counted and skipped).
    private func readBatch(_ stream: DocumentStream, totals: inout ShardRunTotals) -> [Document] {
        var batch: [Document] = []
        batch.reserveCapacity(batchSize)
        while batch.count < batchSize, let document = stream.next() {
            if document.text.isEmpty {
                totals.emptySkipped += 1
                continue
            }
            totals.documents += 1
            totals.textBytes += document.text.utf8.count
            batch.append(document)
        }
        return batch
    }

    private func copyTokenizer(_ path: String, into directory: String) throws {
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw ShardError.cannotRead(path: path, reason: "the tokenizer model vanished during the run")
        }
        let file = try AtomicFile(path: (directory as NSString).appendingPathComponent("tokenizer.model"))
        try bytes.withUnsafeBytes { try file.write($0) }
        try file.commit()
    }
}

/// Counters of a `corpus shard` run.
public struct ShardRunTotals: Sendable {
    /// Documents encoded (with text).
    public var documents = 0
    /// Documents with empty text, skipped.
    public var emptySkipped = 0
    /// UTF-8 bytes of text encoded.
    public var textBytes = 0
    /// Tokens written, eos included.
    public var tokens = 0

    /// Zero counts.
    public init() {}
}

/// A batch of documents being encoded on worker threads; each worker takes the next
/// unclaimed document, and the ids land at the document's index, so the order is the input's.
final class EncodingBatch: @unchecked Sendable {
    let documents: [Document]
    private let results: UnsafeMutableBufferPointer<[UInt32]>
    private let group = DispatchGroup()
    private let lock = NSLock()
    private var next = 0
    private var failure: EncodingFailure?

    private init(documents: [Document]) {
        self.documents = documents
        results = .allocate(capacity: documents.count)
        results.initialize(repeating: [])
    }

    deinit {
        group.wait()
        results.deinitialize()
        results.deallocate()
    }

    /// Starts encoding `documents` (nil when there are none) with `workers` tasks on `queue`.
    static func start(_ documents: [Document], tokenizer: SentencePieceTokenizer, eos: UInt32,
                      workers: Int, queue: DispatchQueue) -> EncodingBatch? {
        guard !documents.isEmpty else { return nil }
        let batch = EncodingBatch(documents: documents)
        for _ in 0..<max(1, min(workers, documents.count)) {
            queue.async(group: batch.group) { batch.work(tokenizer: tokenizer, eos: eos) }
        }
        return batch
    }

    /// The ids of every document (eos appended), in input order, once all workers are done.
    func wait() throws(EncodingFailure) -> UnsafeMutableBufferPointer<[UInt32]> {
        group.wait()
        if let failure { throw failure }
        return results
    }

    private func claim() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard failure == nil, next < documents.count else { return nil }
        next += 1
        return next - 1
    }

    private func work(tokenizer: SentencePieceTokenizer, eos: UInt32) {
        while let index = claim() {
            var text = documents[index].text
            var ids: [UInt32] = []
            ids.reserveCapacity(text.utf8.count / 3 + 2)
            let error: TokenizerError? = text.withUTF8 { bytes in
                do throws(TokenizerError) {
                    try tokenizer.encode(utf8: UnsafeRawBufferPointer(bytes), appendingTo: &ids)
                    return nil
                } catch {
                    return error
                }
            }
            if let error {
                let document = documents[index]
                lock.lock()
                if failure == nil {
                    failure = EncodingFailure(error: error, document: document.id, file: document.metadata.sourceFile,
                                              record: document.metadata.recordIndex, offset: document.metadata.byteOffset)
                }
                lock.unlock()
                return
            }
            ids.append(eos)
            results[index] = ids
        }
    }
}

/// A document the tokenizer could not encode, with where it came from.
public struct EncodingFailure: Error, CustomStringConvertible {
    /// What the tokenizer said.
    public let error: TokenizerError
    /// The document's id, source file, record index and byte offset there.
    public let document: String, file: String, record: Int, offset: Int64

    public var description: String { "\(file): record \(record) at byte offset \(offset) (document \(document)): \(error)" }
}
