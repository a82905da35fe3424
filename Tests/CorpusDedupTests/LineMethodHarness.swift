import CorpusCore
import CorpusDedup
import CorpusIngest
import CorpusTestSupport
import Foundation

/// A page as a test writes it: id, optional URL, text.
struct TestPage {
    var id: String
    var url: String?
    var text: String
}

/// What the three passes of a method made of some pages.
struct LineMethodRun {
    /// Kept pages: id → text after dedup.
    var kept: [String: String] = [:]
    /// Removed pages: id → reason.
    var removed: [String: String] = [:]
    /// Removed pages that named a document they duplicate.
    var namedDuplicates: [String] = []
    /// Line counts from the method.
    var details = Tally()
    /// The reducer's statistics (JSON object members).
    var statistics = ""
}

/// Drives a dedup method's passes over pages written to JSONL files in a temporary folder.
enum LineMethodHarness {
    /// The repository root.
    static var repositoryRoot: String { Repository.root }

    static var filtersDirectory: String { repositoryRoot + "/Filters" }
    static var fixtures: String { repositoryRoot + "/Tests/CorpusDedupTests/Fixtures" }

    /// Runs `method` over `pages`, split over `files` input files in order, with `partitions`
    /// sort partitions and `workers` threads.
    static func run(
        _ method: any DedupMethod, _ pages: [TestPage], files: Int = 1, partitions: Int = 4, workers: Int = 1, memoryBytes: Int = 1 << 20
    ) throws -> LineMethodRun {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let perFile = max(1, (pages.count + files - 1) / files)
        let paths = DedupHarness.write(pages.map { ($0.id, $0.text, $0.url, nil) }, perFile: perFile, in: directory)
        let input = DedupInput(files: paths, options: ReaderOptions())
        let settings = DedupSettings(workDirectory: directory + "/work", memoryBytes: memoryBytes,
                                     partitions: partitions, workers: workers, batchSize: 3)
        var result = LineMethodRun()
        let report = try DedupPasses.runAll(
            methods: [method], input: input, settings: settings,
            keep: { result.kept[$0.id] = $0.text },
            remove: { document, _, reason, duplicateOf in
                result.removed[document.id] = reason
                if duplicateOf != nil { result.namedDuplicates.append(document.id) }
            })
        result.statistics = report.reduceStatistics.joined(separator: ",")
        result.details = report.filter.steps.last?.details ?? Tally()
        return result
    }
}
