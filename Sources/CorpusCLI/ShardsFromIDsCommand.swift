import ArgumentParser
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

    @Option(help: "Tokens per block.")
    var blockTokens = 65_536

    @Option(help: "Tokens per shard (at most, at document boundaries).")
    var shardTokens = 1 << 26

    @Option(help: "Fraction of documents for validation.")
    var validationFraction = 0.0

    @Option(help: "Sequence length recorded in the manifest.")
    var sequenceLength = 2048

    @Option(help: "lz4 level (0-12).")
    var level = 3

    func run() throws {
        let terminal = Terminal()
        var hash: [UInt8] = []
        var digits = tokenizerSha256[...]
        while digits.count >= 2, let byte = UInt8(digits.prefix(2), radix: 16) {
            hash.append(byte)
            digits = digits.dropFirst(2)
        }
        var options = DatasetWriterOptions(vocabSize: vocabSize, tokenizerHash: digits.isEmpty ? hash : [])
        options.blockTokens = blockTokens
        options.shardTokens = shardTokens
        options.validationFraction = validationFraction
        options.sequenceLength = sequenceLength
        options.compressionLevel = level
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
