import CorpusCore
import CorpusIngest

/// How far a pass has got, for progress lines.
public struct PassProgress: Sendable {
    /// Documents read so far by this pass.
    public var documents: Int
    /// Input bytes consumed so far.
    public var inputBytes: Int64
    /// Index of the file being read among this rank's files (1-based), and how many there are.
    public var file: Int
    /// This rank's file count.
    public var files: Int
}

/// The passes of a dedup run. A run applies its methods in order, each a step:
///
/// 1. `signatures(step:)` (per rank): read the input, drop what earlier steps removed, and
///    sort the step's signatures into runs; step 0 also writes the id catalog.
/// 2. `reduce(step:)` (once): merge all ranks' runs and write the step's decisions.
/// 3. `filter` (per rank, after the last reduce): apply every step's decisions and hand each
///    document to `keep` or `remove`, in corpus order.
///
/// Ordinals always refer to the original input, so no intermediate corpus is written.
public enum DedupPasses {
    /// Pass 1 of `step` for this rank.
    public static func signatures(
        methods: [any DedupMethod], step: Int, input: DedupInput, settings: DedupSettings,
        onProblem: (@Sendable (String) -> Void)? = nil, progress: (PassProgress) -> Void = { _ in }
    ) throws(DedupError) -> SignatureSummary {
        try settings.validate()
        guard methods.indices.contains(step) else { throw .invalidOption("step \(step) is not one of 0..<\(methods.count)") }
        return try signatures(methods[step], prior: Array(methods[..<step]), step: step, input: input, settings: settings,
                              onProblem: onProblem, progress: progress)
    }

    private static func signatures<M: DedupMethod>(
        _ method: M, prior: [any DedupMethod], step: Int, input: DedupInput, settings: DedupSettings,
        onProblem: (@Sendable (String) -> Void)?, progress: (PassProgress) -> Void
    ) throws(DedupError) -> SignatureSummary {
        let sorter = try ExternalSorter<M.Signature>(
            directory: settings.signatureDirectory(step, method.name), prefix: "r" + String(input.split.rank + 100_000).dropFirst(),
            memoryBytes: settings.sortBufferBytes, partitions: settings.partitions)
        let decided = try StepDecisions(methods: prior, settings: settings)
        let documents = OrdinalStream(input: input)
        documents.stream.onProblem = onProblem
        var catalog: CatalogWriter?
        if step == 0 {
            try makeDirectories(settings.catalogDirectory)
            var catalogFile = -1
            documents.onDocument = { (document, ordinal) throws(DedupError) in
                if ordinal.file != catalogFile {
                    try catalog?.commit()
                    catalog = try CatalogWriter(directory: settings.catalogDirectory, file: ordinal.file)
                    catalogFile = ordinal.file
                }
                try catalog?.append(id: document.id)
            }
        }
        var summary = SignatureSummary()
        let fileCount = input.mine.count
        while true {
            let batch = try documents.batch(settings.batchSize)
            if batch.isEmpty { break }
            var work: [(Document, DocumentOrdinal, [[Decision]])] = []
            for (document, ordinal) in batch { work.append((document, ordinal, try decided.take(ordinal))) }
            let signatures = ParallelMap.map(work, workers: settings.workers) { item -> [M.Signature] in
                if prior.isEmpty { return method.signatures(of: item.0, ordinal: item.1) }
                let outcome = ChainOutcome(item.0, methods: prior, decisions: item.2)
                return outcome.removal == nil ? method.signatures(of: outcome.document, ordinal: item.1) : []
            }
            for records in signatures { try sorter.append(contentsOf: records) }
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

    /// Pass 2 of `step`, once for the corpus: merges every rank's runs partition by partition
    /// and writes the sorted decisions. Returns the method's statistics (JSON object members).
    public static func reduce(methods: [any DedupMethod], step: Int, settings: DedupSettings) throws(DedupError) -> String {
        try settings.validate()
        guard methods.indices.contains(step) else { throw .invalidOption("step \(step) is not one of 0..<\(methods.count)") }
        return try reduce(methods[step], step: step, settings: settings)
    }

    private static func reduce<M: DedupMethod>(_ method: M, step: Int, settings: DedupSettings) throws(DedupError) -> String {
        let directory = settings.signatureDirectory(step, method.name)
        let runs = filesIn(directory, prefix: "r", suffix: ".run")
        guard !runs.isEmpty else { throw .cannotRead(path: directory, reason: "no signature runs; run the signature pass of this step first") }
        let decisions = try ExternalSorter<Decision>(
            directory: settings.decisionDirectory(step, method.name), prefix: "d", memoryBytes: settings.sortBufferBytes, partitions: 1)
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

    /// Pass 3, per rank: applies every step's decisions to this rank's documents.
    public static func filter(
        methods: [any DedupMethod], input: DedupInput, settings: DedupSettings,
        keep: (Document) throws -> Void,
        remove: (Document, _ method: String, _ reason: String, _ duplicateOf: String?) throws -> Void,
        onProblem: (@Sendable (String) -> Void)? = nil, progress: (PassProgress) -> Void = { _ in }
    ) throws -> FilterSummary {
        try settings.validate()
        let decided = try StepDecisions(methods: methods, settings: settings)
        let catalog = DocumentCatalog(directory: settings.catalogDirectory)
        let documents = OrdinalStream(input: input)
        documents.stream.onProblem = onProblem
        var summary = FilterSummary(steps: methods.map(\.name))
        let fileCount = input.mine.count
        while true {
            let batch = try documents.batch(settings.batchSize)
            if batch.isEmpty { break }
            var work: [(Document, [[Decision]])] = []
            for (document, ordinal) in batch { work.append((document, try decided.take(ordinal))) }
            let outcomes = ParallelMap.map(work, workers: settings.workers) { ChainOutcome($0.0, methods: methods, decisions: $0.1) }
            for ((original, _), outcome) in zip(work, outcomes) {
                summary.add(original: original, outcome: outcome)
                if let removal = outcome.removal {
                    let duplicateOf = try removal.duplicateOf.flatMap { (ordinal) throws(DedupError) in try catalog.id(of: ordinal) }
                    try remove(original, methods[removal.step].name, removal.reason, duplicateOf)
                } else {
                    try keep(outcome.document)
                }
            }
            progress(PassProgress(documents: summary.documentsIn, inputBytes: documents.stream.inputBytesConsumed,
                                  file: min(documents.stream.currentFileIndex + 1, fileCount), files: fileCount))
        }
        summary.read = documents.stream.statistics
        return summary
    }
}
