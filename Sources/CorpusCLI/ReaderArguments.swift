import ArgumentParser
import CorpusCore
import CorpusIngest
import CorpusPipeline

/// The input options `read` and `clean` share: which files, in what format, for which rank.
struct ReaderArguments: ParsableArguments {
    @Argument(help: "Input files or directories.")
    var inputs: [String]

    @Option(help: "Input format: auto, warc, jsonl or text.")
    var format: InputFormat = .auto

    @Option(help: "This worker's rank, in 0..<world-size: it reads every world-size-th input file.")
    var rank = 0

    @Option(help: "How many workers share the input.")
    var worldSize = 1

    @Option(help: "JSONL: dotted path of the text field.")
    var textField = "text"

    @Option(help: "JSONL: dotted path of the id field.")
    var idField = "id"

    @Option(help: "JSONL: dotted path of the URL field.")
    var urlField = "url"

    @Option(help: "Text: one document per file, or per blank-line-separated paragraph.")
    var textSplit: TextSplit = .file

    @Option(help: "Skip (and count) records larger than this many bytes.")
    var maxRecordBytes: Int64 = 32 << 20

    @Option(help: "HTML parser: libxml2 (streaming, faster) or gumbo (HTML5 tree, as browsers build it).")
    var htmlParser: HTMLParser = .libxml2

    @Option(help: "Threads (default: all cores); output is identical for any count.")
    var workers = ParallelMap.availableCores

    @Option(help: "Seconds between progress lines when standard error is not a terminal.")
    var progressInterval: Double = 10

    @Flag(help: "No progress; only the final summary.")
    var quiet = false

    var readerOptions: ReaderOptions {
        ReaderOptions(format: format, htmlParser: htmlParser, textField: textField, idField: idField, urlField: urlField,
                      textSplit: textSplit, maxRecordBytes: maxRecordBytes, workers: workers)
    }

    func validate() throws {
        do {
            _ = try WorkSplit(rank: rank, worldSize: worldSize)
            try readerOptions.validate()
        } catch {
            throw ValidationError("\(error)")
        }
        guard progressInterval > 0 else { throw ValidationError("--progress-interval must be positive") }
    }

    /// The files this rank reads, or exit 66 naming the first missing path.
    func selectedFiles(terminal: Terminal) throws -> (mine: [String], all: [String]) {
        switch InputPaths.expand(inputs) {
        case .success(let files):
            return (try WorkSplit(rank: rank, worldSize: worldSize).select(files), files)
        case .failure(let missing):
            terminal.line("error: \(missing.path): no such file or directory")
            throw ExitStatus.noInput
        }
    }
}

extension InputFormat: ExpressibleByArgument {}
extension TextSplit: ExpressibleByArgument {}
extension HTMLParser: ExpressibleByArgument {}
