import CorpusCore
import CorpusFilters
import CorpusIngest

/// The files a `clean` run writes, all atomically: kept documents, excluded documents, stats.
final class CleanOutputs {
    let kept: JSONLWriter
    let excluded: JSONLWriter?
    private let statsPath: String?
    private let stats: AtomicFile?

    init(output: String?, excluded: String?, stats: String?) throws {
        kept = try output.map { try JSONLWriter(path: $0) } ?? JSONLWriter(standardOutput: ())
        self.excluded = try excluded.map { try JSONLWriter(path: $0) }
        statsPath = stats
        self.stats = try stats.map { try AtomicFile(path: $0) }
    }

    /// Temporary files to remove if the run is interrupted.
    var temporaryPaths: [String] {
        [kept.temporaryPath, excluded?.temporaryPath, stats?.temporaryPath].compactMap { $0 }
    }

    /// Writes the statistics and renames every file into place.
    func finish(statistics: CleanStatistics, preset: String, workers: Int) throws {
        try kept.finish()
        try excluded?.finish()
        if let stats {
            let json = statistics.json(extra: [("preset", JSONString.quoted(preset))])
            try Array(json.utf8).withUnsafeBytes { try stats.write($0) }
            try stats.commit()
        }
    }

    /// Removes every temporary file.
    func abandon() {
        kept.abandon()
        excluded?.abandon()
        stats?.abandon()
    }
}

/// Progress lines at most every `interval` seconds (200 ms on a terminal), unless quiet.
final class Progress {
    private let terminal: Terminal
    private let quiet: Bool
    private let interval: Double
    private var last = 0.0

    init(terminal: Terminal, quiet: Bool, interval: Double) {
        self.terminal = terminal
        self.quiet = quiet
        self.interval = terminal.isInteractive ? 0.2 : interval
    }

    /// Shows `text(seconds)` if enough time has passed since the last line, with a bar of
    /// `fraction` (the share done) when known.
    func update(_ elapsed: Duration, fraction: @autoclosure () -> Double? = nil, _ text: (Double) -> String) {
        let seconds = elapsed.seconds
        guard !quiet, seconds - last >= interval else { return }
        last = seconds
        terminal.progress(text(seconds), fraction: fraction())
    }
}

/// The end-of-run report of `clean`: throughput, then each filter's drops by reason.
struct CleanSummary {
    let statistics: CleanStatistics
    let read: ReadStatistics
    let files: Int
    let of: Int
    let seconds: Double

    func print(to terminal: Terminal) {
        let s = statistics
        let rate = Double(read.inputBytes) / max(seconds, 1e-9) / 1e6
        terminal.line("cleaned \(Format.count(s.documentsIn)) documents from \(read.filesRead) of \(files) files in \(Format.fixed(seconds, 2)) s "
            + "(\(Format.fixed(Double(s.documentsIn) / max(seconds, 1e-9), 0)) docs/s, \(Format.fixed(rate, 1)) MB/s in): "
            + "kept \(Format.count(s.documentsOut)) (\(percent(s.documentsOut, s.documentsIn))), "
            + "\(Format.bytes(Int64(s.bytesOut))) of \(Format.bytes(Int64(s.bytesIn))) of text")
        for (reason, count) in s.dropped.sorted {
            terminal.line("  dropped \(reason.padding(to: 40)) \(Format.count(count).leftPad(to: 10))  \(percent(count, s.documentsIn))")
        }
        if read.skipped.total > 0 {
            terminal.line("skipped \(Format.count(read.skipped.total)) input records (\(Format.count(read.defects)) damaged)")
        }
        for failure in read.filesFailed { terminal.line("failed: \(failure)") }
    }

    private func percent(_ part: Int, _ whole: Int) -> String {
        Format.fixed(100 * Double(part) / Double(max(whole, 1)), 1) + "%"
    }
}
