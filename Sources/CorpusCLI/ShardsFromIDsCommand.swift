import ArgumentParser
import CorpusPipeline
import CorpusShards
import Foundation

/// `corpus shards from-ids IDS -o DIR`: a dataset from lines of token ids (as `spm_encode
/// --output_format=id` writes them), one document per line; for benchmarks and interop tests.
struct ShardsFromIDsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "from-ids",
        abstract: "Write a dataset from text files of space-separated token ids, one document per line (benchmarks, interop tests).",
        discussion: "Document ids are \"FILE:LINE\"; --eos is appended to every document."
    )

    @Argument(help: "Files of token ids.")
    var files: [String]

    @Option(name: .shortAndLong, help: "The dataset folder to write.")
    var output: String

    @Option(help: "The tokenizer's vocabulary size.")
    var vocabSize: Int

    @Option(help: "The end-of-sequence id appended to every document.")
    var eos: UInt32 = 2

    @Option(help: "SHA-256 of the tokenizer model, 64 hex digits (default: zeros).")
    var tokenizerSha256 = String(repeating: "0", count: 64)

    @OptionGroup var dataset: DatasetWriterArguments

    func run() throws {
        let terminal = Terminal()
        let hash = Hex.bytes(tokenizerSha256)
        var options = dataset.options(vocabSize: vocabSize, tokenizerHash: hash)
        options.config = .object(["source": .array(files.map(JSONValue.string)), "eos": .integer(Int64(eos))])
        let manifest = try ShardsFailure.mapping(terminal) {
            let writer = try DatasetWriter(directory: output, options: options)
            var tokens: [UInt32] = []
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { throw ShardError.cannotRead(path: file, reason: "no such file") }
                for (number, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
                    tokens.removeAll(keepingCapacity: true)
                    var value: UInt32 = 0
                    var inNumber = false
                    for byte in line {
                        if byte >= 48 && byte <= 57 {
                            value = value &* 10 &+ UInt32(byte - 48)
                            inNumber = true
                        } else if inNumber {
                            tokens.append(value)
                            value = 0
                            inNumber = false
                        }
                    }
                    if inNumber { tokens.append(value) }
                    tokens.append(eos)
                    try writer.append(documentID: "\(file):\(number + 1)", tokens: tokens)
                }
            }
            return try writer.finish()
        }
        terminal.line("wrote \(output): \(manifest.shards.count) shards, "
                      + DatasetSplit.allCases.map { "\($0.rawValue) \(Format.count(manifest.totals[$0.rawValue]?.tokens ?? 0)) tokens" }.joined(separator: ", "))
    }
}
