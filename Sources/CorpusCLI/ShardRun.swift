import ArgumentParser
import CorpusCore
import CorpusIngest
import CorpusShards
import CorpusTokenizer
import Dispatch
import Foundation

/// One `corpus shard` run: documents are read in batches on this thread while the previous
/// batch is encoded on the workers, and written (in input order) while the next one encodes.
struct ShardRun {
    let files: [String]
    let input: ReaderArguments
    let tokenizer: SentencePieceTokenizer
    let eos: UInt32
    let batchSize: Int

    /// Encodes every document into a dataset at `directory`, then copies the tokenizer model
    /// there and writes the manifest (last).
    func write(to directory: String, options: DatasetWriterOptions, tokenizerFile: String, terminal: Terminal) throws {
        let stream = DocumentStream(files: files, options: input.readerOptions)
        let problems = ProblemLog(terminal: terminal, limit: 20)
        stream.onProblem = { problems.report($0) }
        let progress = Progress(terminal: terminal, quiet: input.quiet, interval: input.progressInterval)
        let clock = ContinuousClock()
        let started = clock.now
        var totals = ShardRunTotals()
        let manifest: DatasetManifest
        do {
            let writer = try DatasetWriter(directory: directory, options: options)
            let queue = DispatchQueue(label: "corpus.shard.encode", attributes: .concurrent)
            var inFlight = EncodingBatch.start(readBatch(stream, totals: &totals), tokenizer: tokenizer, eos: eos,
                                               workers: input.workers, queue: queue)
            while let current = inFlight {
                let following = readBatch(stream, totals: &totals)
                let encoded = try current.wait()
                inFlight = EncodingBatch.start(following, tokenizer: tokenizer, eos: eos, workers: input.workers, queue: queue)
                for (document, tokens) in zip(current.documents, encoded) {
                    try writer.append(documentID: document.id, tokens: tokens)
                    totals.tokens += tokens.count
                }
                progress.update(clock.now - started) { seconds in
                    "shard: file \(min(stream.currentFileIndex + 1, files.count))/\(files.count)  "
                        + "\(Format.count(totals.documents)) docs  \(Format.count(totals.tokens)) tokens  "
                        + "\(Format.fixed(Double(totals.textBytes) / max(seconds, 1e-9) / 1e6, 1)) MB/s  "
                        + "\(Format.fixed(Double(totals.tokens) / max(seconds, 1e-9) / 1e6, 2)) M tokens/s"
                }
            }
            try copyTokenizer(tokenizerFile, into: directory)
            manifest = try writer.finish()
        } catch let error as EncodingFailure {
            terminal.line("error: \(error)")
            throw ExitStatus.dataError
        } catch {
            terminal.line("error: \(error)")
            throw ExitStatus.cannotCreate
        }
        terminal.clearLive()
        problems.finish()
        let seconds = (clock.now - started).seconds
        summarize(manifest, totals: totals, read: stream.statistics, seconds: seconds, directory: directory, terminal: terminal)
        if !stream.statistics.filesFailed.isEmpty { throw ExitStatus.dataError }
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

    private func summarize(_ manifest: DatasetManifest, totals: ShardRunTotals, read: ReadStatistics,
                           seconds: Double, directory: String, terminal: Terminal) {
        var lines = ["shard: \(Format.count(totals.documents)) documents, \(Format.count(totals.tokens)) tokens "
            + "(\(Format.fixed(Double(totals.tokens) / Double(max(1, totals.documents)), 1)) per document, "
            + "\(Format.fixed(Double(totals.textBytes) / Double(max(1, totals.tokens)), 2)) bytes of text per token) "
            + "in \(Format.duration(seconds)): \(Format.fixed(Double(totals.textBytes) / max(seconds, 1e-9) / 1e6, 1)) MB/s of text, "
            + "\(Format.fixed(Double(totals.tokens) / max(seconds, 1e-9) / 1e6, 2)) M tokens/s on \(input.workers) workers"]
        for split in DatasetSplit.allCases {
            let split = manifest.totals[split.rawValue].map { (split, $0) }
            guard let (name, counts) = split, counts.shards > 0 else { continue }
            lines.append("  \(name.rawValue): \(counts.shards) shards, \(Format.count(counts.documents)) documents, \(Format.count(counts.tokens)) tokens")
        }
        if totals.emptySkipped > 0 { lines.append("  skipped \(Format.count(totals.emptySkipped)) documents with empty text") }
        if read.defects > 0 { lines.append("  skipped \(Format.count(read.defects)) damaged records (see the messages above)") }
        lines.append("wrote \(directory) (manifest.json, tokenizer.model)")
        for line in lines { terminal.line(line) }
    }
}

/// Counters of a `corpus shard` run.
struct ShardRunTotals {
    var documents = 0
    var emptySkipped = 0
    var textBytes = 0
    var tokens = 0
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
struct EncodingFailure: Error, CustomStringConvertible {
    let error: TokenizerError
    let document: String
    let file: String
    let record: Int
    let offset: Int64

    var description: String { "\(file): record \(record) at byte offset \(offset) (document \(document)): \(error)" }
}
