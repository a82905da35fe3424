import CorpusCore
import CorpusIngest

/// How far a pass has got, for progress lines.
public struct PassProgress: Sendable {
    /// Documents read so far by this pass.
    public var documents: Int
    /// Input bytes consumed so far.
    public var inputBytes: Int64
    /// Index of the file being read among this rank's files, and how many there are.
    public var file: Int
    public var files: Int
}

/// What the signature pass of one rank did.
public struct SignatureSummary: Sendable {
    /// Documents read.
    public var documents = 0
    /// Signature records written.
    public var records = 0
    /// Run files written (one per spill).
    public var runs = 0
    /// Bytes of run files written.
    public var bytesSpilled: Int64 = 0
    /// What the reader counted (skipped records, failed files).
    public var read = ReadStatistics()
}

/// The three passes of a dedup method over a corpus.
public enum DedupPasses {
    /// Pass 1, per rank: signatures of this rank's documents into sorted runs, and the id catalog.
    public static func signatures<M: DedupMethod>(
        _ method: M, input: DedupInput, settings: DedupSettings,
        onProblem: (@Sendable (String) -> Void)? = nil, progress: (PassProgress) -> Void = { _ in }
    ) throws(DedupError) -> SignatureSummary {
        try settings.validate()
        try makeDirectories(settings.catalogDirectory)
        let sorter = try ExternalSorter<M.Signature>(
            directory: settings.signatureDirectory, prefix: "r" + String(input.split.rank + 100_000).dropFirst(),
            memoryBytes: settings.sortBufferBytes, partitions: settings.partitions)
        let documents = OrdinalStream(input: input)
        documents.stream.onProblem = onProblem
        var catalog: CatalogWriter?
        documents.onFileStart = { (file) throws(DedupError) in
            try catalog?.commit()
            catalog = try CatalogWriter(directory: settings.catalogDirectory, file: file)
        }
        var summary = SignatureSummary()
        let fileCount = input.mine.count
        while true {
            let batch = try documents.batch(settings.batchSize)
            if batch.isEmpty { break }
            let signatures = ParallelMap.map(batch, workers: settings.workers) { method.signatures(of: $0.0, ordinal: $0.1) }
            for ((document, _), records) in zip(batch, signatures) {
                try catalog?.append(id: document.id)
                try sorter.append(contentsOf: records)
            }
            summary.documents += batch.count
            progress(PassProgress(documents: summary.documents, inputBytes: documents.stream.inputBytesConsumed,
                                  file: min(documents.stream.currentFileIndex + 1, fileCount), files: fileCount))
        }
        try catalog?.commit()
        summary.runs = try sorter.finish().count
        summary.records = sorter.count
        summary.bytesSpilled = sorter.bytesSpilled
        summary.read = documents.stream.statistics
        return summary
    }

    /// Pass 2, once for the corpus: merges every rank's runs partition by partition and writes
    /// the sorted decisions. Returns the method's statistics (JSON object members).
    public static func reduce<M: DedupMethod>(_ method: M, settings: DedupSettings) throws(DedupError) -> String {
        try settings.validate()
        let runs = filesIn(settings.signatureDirectory, prefix: "r", suffix: ".run")
        guard !runs.isEmpty else {
            throw .cannotRead(path: settings.signatureDirectory, reason: "no signature runs; run the signature pass first")
        }
        let decisions = try ExternalSorter<Decision>(
            directory: settings.decisionDirectory, prefix: "d", memoryBytes: settings.sortBufferBytes, partitions: 1)
        var reducer = method.makeReducer()
        let chunk = settings.mergeChunk(M.Signature.self, runs: runs.count)
        for partition in 0..<settings.partitions {
            var merged = try MergedPartition<M.Signature>(runs: runs, partition: partition, chunkRecords: chunk)
            try reducer.reduce(&merged, into: decisions)
        }
        let statistics = try reducer.finish(into: decisions, catalog: DocumentCatalog(directory: settings.catalogDirectory))
        _ = try decisions.finish()
        return statistics
    }

    /// Pass 3, per rank: streams this rank's documents again and applies their decisions,
    /// handing each kept document to `keep` and each removed one to `remove`, in corpus order.
    public static func filter<M: DedupMethod>(
        _ method: M, input: DedupInput, settings: DedupSettings,
        keep: (Document) throws -> Void,
        remove: (Document, _ reason: String, _ duplicateOf: String?) throws -> Void,
        onProblem: (@Sendable (String) -> Void)? = nil, progress: (PassProgress) -> Void = { _ in }
    ) throws -> FilterSummary {
        try settings.validate()
        let runs = filesIn(settings.decisionDirectory, prefix: "d", suffix: ".run")
        var decisions = try MergedPartition<Decision>(runs: runs, partition: 0, chunkRecords: settings.mergeChunk(Decision.self, runs: runs.count))
        var pending = try decisions.next()
        let catalog = DocumentCatalog(directory: settings.catalogDirectory)
        let documents = OrdinalStream(input: input)
        documents.stream.onProblem = onProblem
        var summary = FilterSummary()
        let fileCount = input.mine.count
        while true {
            let batch = try documents.batch(settings.batchSize)
            if batch.isEmpty { break }
            var work: [(Document, [Decision])] = []
            work.reserveCapacity(batch.count)
            for (document, ordinal) in batch {
                var mine: [Decision] = []
                while let decision = pending, decision.subject <= ordinal.rawValue {
                    if decision.subject == ordinal.rawValue { mine.append(decision) }
                    pending = try decisions.next()
                }
                work.append((document, mine))
            }
            let results = ParallelMap.map(work, workers: settings.workers) { item -> (Document, DedupVerdict, Tally) in
                var document = item.0
                var details = Tally()
                let verdict = method.apply(item.1, to: &document, details: &details)
                return (document, verdict, details)
            }
            for ((original, _), (document, verdict, details)) in zip(work, results) {
                summary.documentsIn += 1
                summary.bytesIn += original.text.utf8.count
                summary.details.merge(details)
                switch verdict {
                case .keep:
                    summary.documentsOut += 1
                    summary.bytesOut += document.text.utf8.count
                    try keep(document)
                case .remove(let reason, let duplicateOf):
                    summary.removed.add(reason)
                    try remove(original, reason, try duplicateOf.flatMap { (ordinal) throws(DedupError) in try catalog.id(of: ordinal) })
                }
            }
            progress(PassProgress(documents: summary.documentsIn, inputBytes: documents.stream.inputBytesConsumed,
                                  file: min(documents.stream.currentFileIndex + 1, fileCount), files: fileCount))
        }
        summary.read = documents.stream.statistics
        return summary
    }
}

/// What the filter pass of one rank did.
public struct FilterSummary: Sendable {
    /// Documents read, and kept.
    public var documentsIn = 0
    public var documentsOut = 0
    /// Text bytes read, and kept (after line removal).
    public var bytesIn = 0
    public var bytesOut = 0
    /// Removed documents by reason.
    public var removed = Tally()
    /// Line-level counts from the method ("lines/global_duplicate").
    public var details = Tally()
    /// What the reader counted.
    public var read = ReadStatistics()
}
