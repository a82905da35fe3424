import CorpusCore
import CorpusFilters
import CorpusIngest
import CorpusNormalize
import CorpusReport

/// `type: clean` and `type: normalize`: a filter chain over each input part, one task per part,
/// writing kept documents to `part-NNNNN.jsonl` and dropped ones (with filter and reason) to
/// `excluded-NNNNN.jsonl`.
struct CleanStage: PipelineStage {
    let chain: FilterChain
    let identity: [String]
    /// Documents handed to the workers at a time.
    var batchSize = 512
    var phases: [StagePhase] { [.parts] }

    func run(_ context: StageContext) throws -> StageStatistics {
        let parts = context.inputParts()
        var total = context.emptyStatistics()
        for (index, input) in parts.enumerated() {
            let name = DocumentParts.name(index)
            total = total.merged(with: try context.task(String(name.dropLast(6)), phase: StagePhase.parts.name) {
                try clean(input, index: index, of: parts.count, into: context.folder + "/" + name,
                          excluded: context.folder + "/excluded-" + name.dropFirst(5), context: context)
            })
        }
        return total
    }

    private func clean(_ input: String, index: Int, of parts: Int, into output: String, excluded: String,
                       context: StageContext) throws -> StageStatistics {
        var options = ReaderOptions()
        options.format = .jsonl
        let stream = DocumentStream(files: [input], options: options)
        stream.onProblem = context.onProblem
        let inputBytes = InputPaths.totalSize([input])
        let kept = try JSONLWriter(path: output)
        let dropped = try JSONLWriter(path: excluded)
        var counts = CleanStatistics(filterOrder: chain.filters.map(\.name))
        var drops = DropCollector()
        var before = Histogram.documentLengths()
        var after = OutputFigures()
        do {
            try FilteredBatches.run(chain, over: stream, workers: context.workers, batchSize: batchSize) { batch, outcomes in
                for (original, outcome) in zip(batch, outcomes) {
                    counts.add(outcome)
                    before.add(Double(original.text.unicodeScalars.count))
                    if let drop = outcome.drop {
                        drops.add(rule: drop.filter, reason: drop.reason, document: outcome.document)
                        try dropped.write(outcome.document, droppedBy: drop.filter, reason: drop.reason)
                    } else {
                        after.add(outcome.document)
                        try kept.write(outcome.document)
                    }
                }
                context.progress(task: "part \(index + 1)/\(parts)", index: index, of: parts, documents: counts.documentsIn,
                                 bytes: stream.inputBytesConsumed, totalBytes: inputBytes)
            }
            try dropped.finish()
            try kept.finish()
        } catch {
            kept.abandon()
            dropped.abandon()
            throw error
        }
        return context.documentStatistics(Flow(documentsIn: counts.documentsIn, documentsOut: counts.documentsOut,
                                               bytesIn: Int64(counts.bytesIn), bytesOut: Int64(counts.bytesOut)),
                                          drops: drops, lengthsIn: before, output: after)
    }
}
