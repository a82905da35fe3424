import ArgumentParser
import CorpusCore
import CorpusIngest

/// `corpus read`: read web dumps, JSONL or text into JSONL documents.
struct ReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Read WARC/WET, JSONL or text files (gzip, zstd, lz4 or plain) into JSONL documents.",
        discussion: """
            Formats and compression are recognized from each file's first bytes. Directories are \
            read recursively in sorted order. Damaged records are skipped, counted and reported; \
            the output appears only when complete.
            """
    )

    @OptionGroup var input: ReaderArguments

    @Option(name: .shortAndLong, help: "Output JSONL file (.gz, .zst or .lz4 to compress); standard output when absent.")
    var output: String?

    func run() throws {
        let terminal = Terminal()
        let (files, all) = try input.selectedFiles(terminal: terminal)
        let totalBytes = InputPaths.totalSize(files)

        let writer: JSONLWriter
        do {
            writer = try output.map { try JSONLWriter(path: $0) } ?? JSONLWriter(standardOutput: ())
        } catch {
            terminal.line("error: \(error)")
            throw ExitStatus.cannotCreate
        }
        Interruption.protect(temporaryPath: writer.temporaryPath)
        defer { Interruption.release() }
        let stream = DocumentStream(files: files, options: input.readerOptions)
        let problems = ProblemLog(terminal: terminal, limit: 20)
        stream.onProblem = { problems.report($0) }

        let clock = ContinuousClock()
        let started = clock.now
        var lastProgress = started
        let interval: Duration = terminal.isInteractive ? .milliseconds(200) : .milliseconds(Int64(input.progressInterval * 1000))
        do {
            while let document = stream.next() {
                try writer.write(document)
                if !input.quiet, stream.statistics.documents % 256 == 0, clock.now - lastProgress >= interval {
                    lastProgress = clock.now
                    terminal.progress(progressLine(stream, files: files.count, totalBytes: totalBytes, elapsed: clock.now - started),
                                      label: "read:", fraction: Double(stream.inputBytesConsumed) / Double(max(totalBytes, 1)))
                }
            }
            try writer.finish()
        } catch {
            writer.abandon()
            terminal.line("error: \(error)")
            throw ExitStatus.cannotCreate
        }
        let elapsed = clock.now - started
        terminal.clearLive()
        summarize(stream.statistics, files: files.count, of: all.count, elapsed: elapsed, problems: problems, terminal: terminal)
        if !stream.statistics.filesFailed.isEmpty { throw ExitStatus.dataError }
    }

    private func progressLine(_ stream: DocumentStream, files: Int, totalBytes: Int64, elapsed: Duration) -> String {
        let seconds = elapsed.seconds
        let consumed = stream.inputBytesConsumed
        let rate = Double(consumed) / max(seconds, 1e-9)
        let eta = rate > 0 ? Double(totalBytes - consumed) / rate : .infinity
        return "file \(min(stream.currentFileIndex + 1, files))/\(files)  \(Format.count(stream.statistics.documents)) docs  "
            + "\(Format.fixed(Double(stream.statistics.documents) / max(seconds, 1e-9), 0)) docs/s  "
            + "\(Format.fixed(rate / 1e6, 1)) MB/s  ETA \(Format.duration(eta))"
    }

    private func summarize(_ stats: ReadStatistics, files: Int, of all: Int, elapsed: Duration, problems: ProblemLog,
                           terminal: Terminal) {
        let seconds = max(elapsed.seconds, 1e-9)
        problems.finish()
        let share = input.worldSize > 1 ? " (rank \(input.rank) of \(input.worldSize): \(files) of \(all) files)" : ""
        terminal.line("read \(stats.filesRead) of \(files) files\(share) in \(Format.fixed(seconds, 2)) s: "
            + "\(Format.count(stats.documents)) documents, \(Format.bytes(stats.inputBytes)) in "
            + "(\(Format.fixed(Double(stats.inputBytes) / seconds / 1e6, 1)) MB/s, "
            + "\(Format.fixed(Double(stats.documents) / seconds, 0)) docs/s), \(Format.bytes(stats.textBytes)) of text out")
        if !stats.skipped.isEmpty {
            terminal.line("skipped \(Format.count(stats.skipped.total)) records (\(Format.count(stats.defects)) damaged):")
            for (reason, count) in stats.skipped.sorted {
                let kind = (SkipReason(rawValue: reason)?.isDefect ?? true) ? "damaged" : "not content"
                terminal.line("  \(reason.padding(to: 30)) \(Format.count(count).leftPad(to: 10))  \(kind)")
            }
        }
        for failure in stats.filesFailed { terminal.line("failed: \(failure)") }
    }
}

/// Reports the first problems in full and counts the rest.
final class ProblemLog: @unchecked Sendable {
    private let terminal: Terminal
    private let limit: Int
    private var count = 0

    init(terminal: Terminal, limit: Int) {
        self.terminal = terminal
        self.limit = limit
    }

    func report(_ message: String) {
        count += 1
        if count <= limit { terminal.line(message) }
    }

    func finish() {
        if count > limit { terminal.line("... and \(count - limit) more problems") }
    }
}


extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}

extension String {
    func padding(to width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
    func leftPad(to width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
