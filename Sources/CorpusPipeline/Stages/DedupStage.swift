import CorpusCore
import CorpusDedup
import CorpusIngest
import CorpusReport
import Foundation

/// `type: dedup`: the passes of `corpus dedup` as tasks, one input part per rank of the
/// library's passes: for each method K, `signatures-K-METHOD-part-N` for every input part (in
/// parallel) then `reduce-K-METHOD` (once, over all parts), then `filter-part-N` for every part,
/// which writes `part-N.jsonl` (the part's kept documents in input order) and `removed-N.jsonl`.
/// Work files live in `work/` until the stage is done; a task redone after a kill first removes
/// what its unfinished run left there.
struct DedupStage: PipelineStage {
    let settings: DedupStageSettings
    let methods: [any DedupMethod]
    var identity: [String] { [] }

    var phases: [StagePhase] {
        methods.indices.flatMap { step in
            [StagePhase("signatures-\(step)", parallel: true), StagePhase("reduce-\(step)", parallel: false)]
        } + [StagePhase("filter", parallel: true)]
    }

    func run(_ context: StageContext) throws -> StageStatistics {
        let work = context.folder + "/work"
        let dedup = DedupSettings(workDirectory: work, memoryBytes: settings.memoryBytes, partitions: settings.partitions,
                                  workers: context.workers)
        var options = ReaderOptions()
        options.format = .jsonl
        options.workers = context.workers
        let parts = context.inputParts()
        // Rank N of as many ranks as parts reads exactly part N, so the split never depends on
        // how many processes share the work.
        let inputs = try parts.indices.map { DedupInput(files: parts, split: try WorkSplit(rank: $0, worldSize: parts.count), options: options) }
        let inputBytes = InputPaths.totalSize(parts)
        let tasks = methods.count * 2 + 1
        var total = context.emptyStatistics()
        for (step, method) in methods.enumerated() {
            // The step folder's layout is DedupSettings': workDirectory/stepK-METHOD/{signatures,decisions}.
            let stepFolder = work + "/step\(step)-\(method.name)"
            for (part, input) in inputs.enumerated() {
                let name = "signatures-\(step)-\(method.name)-" + DocumentParts.name(part).dropLast(6)
                total = total.merged(with: try context.task(name, phase: "signatures-\(step)") {
                    // The sorter clears this rank's own stale runs; the catalog file is rewritten whole.
                    _ = try DedupPasses.signatures(methods: methods, step: step, input: input, settings: dedup,
                                                   onProblem: step == 0 ? context.onProblem : nil) { progress in
                        context.progress(task: "signatures \(method.name)", index: step * 2, of: tasks, documents: progress.documents,
                                         bytes: progress.inputBytes, totalBytes: inputBytes)
                    }
                    return context.emptyStatistics()
                })
            }
            total = total.merged(with: try context.task("reduce-\(step)-\(method.name)", phase: "reduce-\(step)") {
                try? FileManager.default.removeItem(atPath: stepFolder + "/decisions")
                context.progress(task: "reduce \(method.name)", index: step * 2 + 1, of: tasks, documents: 0, bytes: 0)
                let members = try DedupPasses.reduce(methods: methods, step: step, settings: dedup)
                var statistics = context.emptyStatistics()
                statistics.clusterSizes = Self.clusterSizes(fromMembers: members)
                return statistics
            })
        }
        for (part, input) in inputs.enumerated() {
            let name = DocumentParts.name(part)
            total = total.merged(with: try context.task("filter-" + name.dropLast(6), phase: "filter") {
                try filter(input: input, into: name, settings: dedup, tasks: tasks, context: context)
            })
        }
        if !context.isWorker { try? FileManager.default.removeItem(atPath: work) }
        return total
    }

    private func filter(input: DedupInput, into name: String, settings: DedupSettings, tasks: Int,
                        context: StageContext) throws -> StageStatistics {
        let kept = try JSONLWriter(path: context.folder + "/" + name)
        let removed = try JSONLWriter(path: context.folder + "/removed-" + name.dropFirst(5))
        let inputBytes = InputPaths.totalSize(input.mine.map(\.path))
        var drops = DropCollector()
        var before = Histogram.documentLengths()
        var after = OutputFigures()
        let summary: FilterSummary
        do {
            summary = try DedupPasses.filter(
                methods: methods, input: input, settings: settings,
                keep: { document in
                    before.add(Double(document.text.unicodeScalars.count))
                    after.add(document)
                    try kept.write(document)
                },
                remove: { document, method, reason, duplicateOf in
                    before.add(Double(document.text.unicodeScalars.count))
                    drops.add(rule: method, reason: reason, document: document)
                    try removed.write(jsonObject: RemovalRecord.json(document, method: method, reason: reason, duplicateOf: duplicateOf))
                },
                progress: { progress in
                    context.progress(task: "filter", index: tasks - 1, of: tasks, documents: progress.documents, bytes: progress.inputBytes,
                                     totalBytes: inputBytes)
                })
            try removed.finish()
            try kept.finish()
        } catch {
            kept.abandon()
            removed.abandon()
            throw error
        }
        return context.documentStatistics(Flow(documentsIn: summary.documentsIn, documentsOut: summary.documentsOut,
                                               bytesIn: Int64(summary.bytesIn), bytesOut: Int64(summary.bytesOut)),
                                          drops: drops, lengthsIn: before, output: after)
    }

    /// The `cluster_sizes` histogram of a method's reduce statistics (JSON object members);
    /// a bucket such as `"11-16"` counts under its lower bound. Nil when the method has none.
    static func clusterSizes(fromMembers members: String) -> [Int: Int]? {
        guard let data = ("{" + members + "}").data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let sizes = object["cluster_sizes"] as? [String: Any] else { return nil }
        var result: [Int: Int] = [:]
        for (bucket, count) in sizes {
            guard let lower = Int(bucket.split(separator: "-")[0]), let count = (count as? NSNumber)?.intValue else { continue }
            result[lower, default: 0] += count
        }
        return result
    }
}

/// One line of a dedup run's `removed.jsonl`: which document went, by which method and why,
/// and the kept document it duplicates.
public enum RemovalRecord {
    /// `{"id", "method", "reason", "duplicate_of", "url", "source_file", "record_index"}`, without the newline.
    public static func json(_ document: Document, method: String, reason: String, duplicateOf: String?) -> [UInt8] {
        var line = Array(#"{"id":"#.utf8)
        JSONString.append(document.id, to: &line)
        line += Array(#","method":"#.utf8)
        JSONString.append(method, to: &line)
        line += Array(#","reason":"#.utf8)
        JSONString.append(reason, to: &line)
        line += Array(#","duplicate_of":"#.utf8)
        if let duplicateOf { JSONString.append(duplicateOf, to: &line) } else { line += Array("null".utf8) }
        if let url = document.url {
            line += Array(#","url":"#.utf8)
            JSONString.append(url, to: &line)
        }
        line += Array(#","source_file":"#.utf8)
        JSONString.append(document.metadata.sourceFile, to: &line)
        line += Array(#","record_index":\#(document.metadata.recordIndex)}"#.utf8)
        return line
    }
}
