import CorpusCore
import CorpusFilters
import CorpusIngest

/// Runs a filter chain over a document stream: batches of documents go to the workers, and the
/// outcomes come back in input order, whatever the worker count.
public enum FilteredBatches {
    /// Calls `body` with each batch of `batchSize` documents (the last may be shorter) and their
    /// outcomes under `chain`, computed on `workers` threads.
    public static func run(_ chain: FilterChain, over stream: DocumentStream, workers: Int, batchSize: Int,
                           _ body: (_ documents: [Document], _ outcomes: [FilterOutcome]) throws -> Void) rethrows {
        var batch: [Document] = []
        batch.reserveCapacity(batchSize)
        repeat {
            batch.removeAll(keepingCapacity: true)
            while batch.count < batchSize, let document = stream.next() { batch.append(document) }
            try body(batch, ParallelMap.map(batch, workers: workers) { chain.run($0) })
        } while batch.count == batchSize
    }
}
