import CorpusCore
import CorpusDedup
import CorpusIngest
import CorpusTestSupport
import Foundation

/// What a dedup run over test documents produced.
struct DedupResult: Equatable {
    var kept: [Document] = []
    var removed: [(id: String, method: String, reason: String, duplicateOf: String?)] = []
    var report: String = ""

    var keptIDs: [String] { kept.map(\.id) }

    static func == (a: Self, b: Self) -> Bool {
        a.kept == b.kept && a.report == b.report && a.removed.elementsEqual(b.removed) { $0 == $1 }
    }
}

/// Writes JSONL test corpora and runs dedup passes over them.
enum DedupHarness {
    /// Writes `documents` as `(id, text, url?, date?)` JSONL files of `perFile` documents each.
    static func write(_ documents: [(id: String, text: String, url: String?, date: String?)], perFile: Int = .max, in directory: String) -> [String] {
        var paths: [String] = []
        var start = 0
        while start < documents.count {
            let slice = documents[start..<min(documents.count, start + perFile)]
            var lines = ""
            for document in slice {
                var object: [String: String] = ["id": document.id, "text": document.text]
                if let url = document.url { object["url"] = url }
                if let date = document.date { object["date"] = date }
                let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
                lines += String(decoding: data, as: UTF8.self) + "\n"
            }
            paths.append(Fixtures.write(Array(lines.utf8), to: "part-\(paths.count + 1000).jsonl", in: directory))
            start += perFile
        }
        return paths
    }

    /// Runs every pass of `methods` in one process.
    static func run(_ methods: [any DedupMethod], files: [String], memory: Int = 64 << 20, workers: Int = 1,
                    partitions: Int = 4, work: String) throws -> DedupResult {
        var result = DedupResult()
        let settings = DedupSettings(workDirectory: work, memoryBytes: memory, partitions: partitions, workers: workers, batchSize: 7)
        let report = try DedupPasses.runAll(
            methods: methods, input: DedupInput(files: files, options: ReaderOptions()), settings: settings,
            keep: { result.kept.append($0) }, remove: { result.removed.append(($0.id, $1, $2, $3)) })
        result.report = report.json()
        return result
    }

    /// Runs the passes rank by rank as separate processes would, then concatenates the ranks'
    /// outputs in corpus order.
    static func runRanked(_ methods: [any DedupMethod], files: [String], worldSize: Int, memory: Int = 64 << 20, work: String) throws -> DedupResult {
        let settings = DedupSettings(workDirectory: work, memoryBytes: memory, partitions: 4, workers: 1, batchSize: 5)
        let inputs = try (0..<worldSize).map { DedupInput(files: files, split: try WorkSplit(rank: $0, worldSize: worldSize), options: ReaderOptions()) }
        for step in methods.indices {
            for input in inputs { _ = try DedupPasses.signatures(methods: methods, step: step, input: input, settings: settings) }
            _ = try DedupPasses.reduce(methods: methods, step: step, settings: settings)
        }
        var perFile: [String: DedupResult] = [:]
        for input in inputs {
            _ = try DedupPasses.filter(
                methods: methods, input: input, settings: settings,
                keep: { perFile[$0.metadata.sourceFile, default: DedupResult()].kept.append($0) },
                remove: { perFile[$0.metadata.sourceFile, default: DedupResult()].removed.append(($0.id, $1, $2, $3)) })
        }
        var result = DedupResult()
        for file in files.sorted() {
            result.kept += perFile[file]?.kept ?? []
            result.removed += perFile[file]?.removed ?? []
        }
        return result
    }
}
