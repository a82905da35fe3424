import ArgumentParser
import CorpusShards

/// `corpus shards export DIR --to megatron|npy -o OUT`: one split in a format other trainers read.
struct ShardsExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write one split as Megatron-LM .bin/.idx (one sequence per document) or NumPy .npy files.",
        discussion: """
            megatron: OUT.bin and OUT.idx, readable by Megatron-LM's IndexedDataset (dtype uint16 \
            for vocabularies up to 65,536, else int32). npy: OUT.tokens.npy (all tokens) and \
            OUT.offsets.npy (uint64 start of each document, then the total).
            """
    )

    @Argument(help: "The dataset folder (holding manifest.json).")
    var directory: String

    @Option(help: "megatron or npy.")
    var to: ExportFormat

    @Option(name: .shortAndLong, help: "Output path prefix.")
    var output: String

    @Option(help: "The split to export.")
    var split: DatasetSplit = .train

    func run() throws {
        let terminal = Terminal()
        let result = try ShardsFailure.mapping(terminal) {
            try DatasetExport.export(TokenDataset(directory: directory), split: split, format: to, prefix: output)
        }
        terminal.line("wrote \(DatasetExport.files(to, prefix: output).joined(separator: ", ")): "
                      + "\(Format.count(result.documents)) documents, \(Format.count(result.tokens)) tokens")
    }
}

extension ExportFormat: ExpressibleByArgument {}
