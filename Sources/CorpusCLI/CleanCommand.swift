import ArgumentParser
import CorpusCore
import CorpusFilters
import CorpusIngest
import CorpusPipeline
import Foundation

/// `corpus clean`: run a preset's normalization and filters over documents.
struct CleanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean",
        abstract: "Normalize and filter documents with a preset (c4, gopher, fineweb or a YAML file).",
        discussion: """
            Reads the same inputs as `corpus read`. Kept documents go to --output; dropped ones, \
            with the filter and reason, to --excluded; counts per filter and reason to --stats. \
            The preset is checked completely before any input is read. Output is identical \
            whatever --workers is.
            """
    )

    @OptionGroup var input: ReaderArguments

    @Option(help: "c4, gopher, fineweb (from Filters/presets) or a preset YAML file.")
    var preset: String

    @Option(name: .shortAndLong, help: "Output JSONL of kept documents (.gz, .zst or .lz4 to compress); standard output when absent.")
    var output: String?

    @Option(help: "Write dropped documents, with filter and reason, to this JSONL file.")
    var excluded: String?

    @Option(help: "Write run statistics (counts per filter and reason) to this JSON file.")
    var stats: String?

    @Option(help: "Folder of the shipped rule data (default: $CORPUS_FILTERS, or the Filters folder of this checkout).")
    var filtersDir: String?

    @Option(help: "Documents handed to the workers at a time.")
    var batchSize = 512

    func validate() throws {
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
    }

    func run() throws {
        let terminal = Terminal()
        let chain = try loadChain(terminal: terminal)
        let (files, all) = try input.selectedFiles(terminal: terminal)
        let outputs = try openOutputs(terminal: terminal)
        Interruption.protect(temporaryPaths: outputs.temporaryPaths)
        defer { Interruption.release() }

        let stream = DocumentStream(files: files, options: input.readerOptions)
        let problems = ProblemLog(terminal: terminal, limit: 20)
        stream.onProblem = { problems.report($0) }
        var statistics = CleanStatistics(filterOrder: chain.filters.map(\.name))
        let progress = Progress(terminal: terminal, quiet: input.quiet, interval: input.progressInterval)
        let clock = ContinuousClock()
        let started = clock.now
        let totalBytes = InputPaths.totalSize(files)
        do {
            try FilteredBatches.run(chain, over: stream, workers: input.workers, batchSize: batchSize) { _, outcomes in
                for outcome in outcomes {
                    statistics.add(outcome)
                    if let drop = outcome.drop {
                        try outputs.excluded?.write(outcome.document, droppedBy: drop.filter, reason: drop.reason)
                    } else {
                        try outputs.kept.write(outcome.document)
                    }
                }
                progress.update(clock.now - started, fraction: Double(stream.inputBytesConsumed) / Double(max(totalBytes, 1))) {
                    "clean: file \(min(stream.currentFileIndex + 1, files.count))/\(files.count)  "
                        + "\(Format.count(statistics.documentsIn)) docs in, \(Format.count(statistics.documentsOut)) kept  "
                        + "\(Format.fixed(Double(stream.inputBytesConsumed) / max($0, 1e-9) / 1e6, 1)) MB/s"
                }
            }
            try outputs.finish(statistics: statistics, preset: preset, workers: input.workers)
        } catch {
            outputs.abandon()
            terminal.line("error: \(error)")
            throw ExitStatus.cannotCreate
        }
        terminal.clearLive()
        problems.finish()
        CleanSummary(statistics: statistics, read: stream.statistics, files: files.count, of: all.count,
                     seconds: (clock.now - started).seconds).print(to: terminal)
        if !stream.statistics.filesFailed.isEmpty { throw ExitStatus.dataError }
    }

    private func loadChain(terminal: Terminal) throws -> FilterChain {
        let filters = FiltersDirectory.locate(explicit: filtersDir)
        guard let path = FiltersDirectory.presetPath(preset, filters: filters) else {
            terminal.line("error: cannot find the Filters folder for preset \"\(preset)\"; pass --filters-dir or set CORPUS_FILTERS")
            throw ExitCode.validationFailure
        }
        do {
            return try Preset(path: path).makeChain(filtersDirectory: filters ?? (path as NSString).deletingLastPathComponent)
        } catch {
            terminal.line("error: \(error)")
            throw ExitCode.validationFailure
        }
    }

    private func openOutputs(terminal: Terminal) throws -> CleanOutputs {
        do {
            return try CleanOutputs(output: output, excluded: excluded, stats: stats)
        } catch {
            terminal.line("error: \(error)")
            throw ExitStatus.cannotCreate
        }
    }
}
