import ArgumentParser
import CorpusCore
import CorpusIngest
import CorpusPipeline
import CorpusShards
import CorpusTokenizer
import Foundation

/// One `corpus shard` run: `DatasetEncoding` with progress lines and a summary.
struct ShardRun {
    let files: [String]
    let input: ReaderArguments
    let tokenizer: SentencePieceTokenizer
    let eos: UInt32
    let batchSize: Int

    /// Encodes every document into a dataset at `directory`, then copies the tokenizer model
    /// there and writes the manifest (last).
    func write(to directory: String, options: DatasetWriterOptions, tokenizerFile: String, terminal: Terminal) throws {
        let problems = ProblemLog(terminal: terminal, limit: 20)
        let progress = Progress(terminal: terminal, quiet: input.quiet, interval: input.progressInterval)
        let clock = ContinuousClock()
        let started = clock.now
        let totalBytes = InputPaths.totalSize(files)
        let encoding = DatasetEncoding(files: files, readerOptions: input.readerOptions, tokenizer: tokenizer, eos: eos,
                                       batchSize: batchSize, workers: input.workers)
        let manifest: DatasetManifest
        let totals: ShardRunTotals
        let read: ReadStatistics
        do {
            (manifest, totals, read) = try encoding.write(
                to: directory, options: options, tokenizerFile: tokenizerFile, onProblem: { problems.report($0) }
            ) { totals, stream in
                progress.update(clock.now - started, fraction: Double(stream.inputBytesConsumed) / Double(max(totalBytes, 1))) { seconds in
                    "shard: file \(min(stream.currentFileIndex + 1, files.count))/\(files.count)  "
                        + "\(Format.count(totals.documents)) docs  \(Format.count(totals.tokens)) tokens  "
                        + "\(Format.fixed(Double(totals.textBytes) / max(seconds, 1e-9) / 1e6, 1)) MB/s  "
                        + "\(Format.fixed(Double(totals.tokens) / max(seconds, 1e-9) / 1e6, 2)) M tokens/s"
                }
            }
        } catch let error as EncodingFailure {
            terminal.line("error: \(error)")
            throw ExitStatus.dataError
        } catch {
            terminal.line("error: \(error)")
            throw ExitStatus.cannotCreate
        }
        terminal.clearLive()
        problems.finish()
        let seconds = (clock.now - started).seconds
        summarize(manifest, totals: totals, read: read, seconds: seconds, directory: directory, terminal: terminal)
        if !read.filesFailed.isEmpty { throw ExitStatus.dataError }
    }

    private func summarize(_ manifest: DatasetManifest, totals: ShardRunTotals, read: ReadStatistics,
                           seconds: Double, directory: String, terminal: Terminal) {
        var lines = ["shard: \(Format.count(totals.documents)) documents, \(Format.count(totals.tokens)) tokens "
            + "(\(Format.fixed(Double(totals.tokens) / Double(max(1, totals.documents)), 1)) per document, "
            + "\(Format.fixed(Double(totals.textBytes) / Double(max(1, totals.tokens)), 2)) bytes of text per token) "
            + "in \(Format.duration(seconds)): \(Format.fixed(Double(totals.textBytes) / max(seconds, 1e-9) / 1e6, 1)) MB/s of text, "
            + "\(Format.fixed(Double(totals.tokens) / max(seconds, 1e-9) / 1e6, 2)) M tokens/s on \(input.workers) workers"]
        for split in DatasetSplit.allCases {
            let split = manifest.totals[split.rawValue].map { (split, $0) }
            guard let (name, counts) = split, counts.shards > 0 else { continue }
            lines.append("  \(name.rawValue): \(counts.shards) shards, \(Format.count(counts.documents)) documents, \(Format.count(counts.tokens)) tokens")
        }
        if totals.emptySkipped > 0 { lines.append("  skipped \(Format.count(totals.emptySkipped)) documents with empty text") }
        if read.defects > 0 { lines.append("  skipped \(Format.count(read.defects)) damaged records (see the messages above)") }
        lines.append("wrote \(directory) (manifest.json, tokenizer.model)")
        for line in lines { terminal.line(line) }
    }
}
