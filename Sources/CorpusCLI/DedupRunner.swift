import CorpusCore
import CorpusDedup
import CorpusIngest
import CorpusPipeline
import Foundation

/// Runs the passes of `corpus dedup` with progress lines, atomic outputs and a summary.
final class DedupRunner {
    private let terminal: Terminal
    private let progress: Progress
    private let problems: ProblemLog
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private let files: Int
    /// Whether some input file could not be read at all.
    private(set) var filesFailed = false

    init(terminal: Terminal, quiet: Bool, interval: Double, files: Int) {
        self.terminal = terminal
        progress = Progress(terminal: terminal, quiet: quiet, interval: interval)
        problems = ProblemLog(terminal: terminal, limit: 20)
        started = clock.now
        self.files = files
    }

    private var seconds: Double { (clock.now - started).seconds }

    private func show(_ pass: String, _ p: PassProgress) {
        progress.update(clock.now - started) {
            "dedup \(pass): file \(p.file)/\(p.files)  \(Format.count(p.documents)) docs  "
                + "\(Format.fixed(Double(p.documents) / max($0, 1e-9), 0)) docs/s"
        }
    }

    /// Every pass of every step, then the outputs.
    func all(methods: [any DedupMethod], input: DedupInput, settings: DedupSettings,
             output: String?, removed: String?, stats: String?) throws {
        try writing(output: output, removed: removed, stats: stats) { outputs in
            let report = try DedupPasses.runAll(
                methods: methods, input: input, settings: settings,
                keep: { try outputs.kept.write($0) }, remove: outputs.recordRemoval,
                onProblem: { [problems] in problems.report($0) }, progress: show)
            let names = "[" + methods.map { JSONString.quoted($0.name) }.joined(separator: ",") + "]"
            return (report.filter, report.json(extra: [("methods", names)]))
        }
    }

    /// Opens the outputs, runs `body`, and commits them with the statistics it returns, or
    /// removes them all if it fails.
    private func writing(output: String?, removed: String?, stats: String?,
                         _ body: (DedupOutputs) throws -> (FilterSummary, String)) throws {
        let outputs = try DedupOutputs(output: output, removed: removed, stats: stats)
        Interruption.protect(temporaryPaths: outputs.temporaryPaths)
        defer { Interruption.release() }
        do {
            let (summary, statistics) = try body(outputs)
            try outputs.finish(statistics)
            summarize(summary)
        } catch {
            outputs.abandon()
            throw error
        }
    }

    /// The signature pass of one step on this rank.
    func signatures(methods: [any DedupMethod], step: Int, input: DedupInput, settings: DedupSettings) throws {
        let summary = try DedupPasses.signatures(methods: methods, step: step, input: input, settings: settings,
                                                 onProblem: { [problems] in problems.report($0) },
                                                 progress: { self.show("signatures \(methods[step].name)", $0) })
        terminal.clearLive()
        problems.finish()
        terminal.line("signatures of step \(step) (\(methods[step].name)), rank \(input.split.rank): \(Format.count(summary.documents)) documents, "
            + "\(Format.count(summary.records)) records in \(summary.runs) runs (\(Format.bytes(summary.bytesSpilled))) in \(Format.fixed(seconds, 2)) s")
        filesFailed = !summary.read.filesFailed.isEmpty
    }

    /// The reduce pass of one step; its statistics go next to its decisions for the filter pass.
    func reduce(methods: [any DedupMethod], step: Int, settings: DedupSettings) throws {
        let statistics = try DedupPasses.reduce(methods: methods, step: step, settings: settings)
        let file = try AtomicFile(path: Self.reduceStatisticsPath(settings: settings, step: step, method: methods[step].name))
        try Array(statistics.utf8).withUnsafeBytes { try file.write($0) }
        try file.commit()
        terminal.line("reduced step \(step) (\(methods[step].name)) in \(Format.fixed(seconds, 2)) s")
    }

    /// The filter pass on this rank, after every step was reduced.
    func filter(methods: [any DedupMethod], input: DedupInput, settings: DedupSettings,
                output: String?, removed: String?, stats: String?) throws {
        try writing(output: output, removed: removed, stats: stats) { outputs in
            let summary = try DedupPasses.filter(
                methods: methods, input: input, settings: settings,
                keep: { try outputs.kept.write($0) }, remove: outputs.recordRemoval,
                onProblem: { [problems] in problems.report($0) }, progress: { self.show("filter", $0) })
            let reduced = methods.enumerated().map { step, method in
                (try? String(contentsOfFile: Self.reduceStatisticsPath(settings: settings, step: step, method: method.name), encoding: .utf8)) ?? ""
            }
            let report = DedupReport(signatures: [], reduceStatistics: reduced, filter: summary, memoryBytes: settings.memoryBytes)
            return (summary, report.json(extra: [("rank", "\(input.split.rank)"), ("world_size", "\(input.split.worldSize)")]))
        }
    }

    static func reduceStatisticsPath(settings: DedupSettings, step: Int, method: String) -> String {
        settings.workDirectory + "/step\(step)-\(method)/reduce.json"
    }

    private func summarize(_ summary: FilterSummary) {
        terminal.clearLive()
        problems.finish()
        let s = seconds
        terminal.line("deduplicated \(Format.count(summary.documentsIn)) documents from \(files) files in \(Format.fixed(s, 2)) s "
            + "(\(Format.fixed(Double(summary.documentsIn) / max(s, 1e-9), 0)) docs/s): kept \(Format.count(summary.documentsOut)), "
            + "\(Format.bytes(Int64(summary.bytesOut))) of \(Format.bytes(Int64(summary.bytesIn))) of text")
        for step in summary.steps {
            for (reason, count) in step.removed.sorted {
                terminal.line("  \(step.method.padding(to: 8)) removed \(reason.padding(to: 28)) \(Format.count(count).leftPad(to: 10))")
            }
        }
        if summary.read.skipped.total > 0 { terminal.line("skipped \(Format.count(summary.read.skipped.total)) input records") }
        for failure in summary.read.filesFailed { terminal.line("failed: \(failure)") }
        filesFailed = !summary.read.filesFailed.isEmpty
    }
}

/// The files a dedup run writes, atomically: kept documents, removal records, statistics.
final class DedupOutputs {
    let kept: JSONLWriter
    private let removed: JSONLWriter?
    private let stats: AtomicFile?

    init(output: String?, removed: String?, stats: String?) throws {
        kept = try output.map { try JSONLWriter(path: $0) } ?? JSONLWriter(standardOutput: ())
        self.removed = try removed.map { try JSONLWriter(path: $0) }
        self.stats = try stats.map { try AtomicFile(path: $0) }
    }

    var temporaryPaths: [String] { [kept.temporaryPath, removed?.temporaryPath, stats?.temporaryPath].compactMap { $0 } }

    /// Writes the removal record of `document` (`RemovalRecord`).
    func recordRemoval(_ document: Document, method: String, reason: String, duplicateOf: String?) throws {
        try removed?.write(jsonObject: RemovalRecord.json(document, method: method, reason: reason, duplicateOf: duplicateOf))
    }

    func finish(_ statistics: String) throws {
        try kept.finish()
        try removed?.finish()
        if let stats {
            try Array(statistics.utf8).withUnsafeBytes { try stats.write($0) }
            try stats.commit()
        }
    }

    func abandon() {
        kept.abandon()
        removed?.abandon()
        stats?.abandon()
    }
}
