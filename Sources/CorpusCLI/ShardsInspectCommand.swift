import ArgumentParser
import CorpusShards
import CorpusTokenizer
import Foundation

/// `corpus shards inspect DIR`: totals, settings and per-shard figures, then the first documents.
struct ShardsInspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print a dataset's totals, settings and per-shard statistics, and its first documents."
    )

    @Argument(help: "The dataset folder (holding manifest.json).")
    var directory: String

    @Option(help: "How many documents of --split to show.")
    var documents = 3

    @Option(help: "The split whose first documents are shown.")
    var split: DatasetSplit = .train

    func run() throws {
        let terminal = Terminal()
        try ShardsFailure.mapping(terminal) {
            let dataset = try TokenDataset(directory: directory)
            let manifest = dataset.manifest
            print("dataset \(directory): format \(manifest.format) v\(manifest.version), shard format v\(manifest.shardFormatVersion)")
            print("tokenizer sha256 \(manifest.tokenizerSHA256), vocabulary \(Format.count(manifest.vocabSize)), \(manifest.tokenWidth)-byte tokens")
            print("blocks of \(Format.count(manifest.blockTokens)) tokens, shards of at most \(Format.count(manifest.shardTokens)), transform \(manifest.transform), "
                  + "sequence length \(manifest.sequenceLength)")
            print("split: validation fraction \(manifest.split.validationFraction) (seed \(manifest.split.seed))")
            for split in DatasetSplit.allCases {
                let totals = manifest.totals[split.rawValue] ?? SplitTotals()
                let bytes = dataset.shards(of: split).reduce(0) { $0 + $1.bytes }
                print("\(split.rawValue): \(totals.shards) shards, \(Format.count(totals.documents)) documents, \(Format.count(totals.tokens)) tokens, "
                      + "\(Format.bytes(Int64(bytes))), \(Format.fixed(Double(bytes) / Double(max(1, totals.tokens)), 3)) bytes/token")
            }
            print("")
            print("shard                        documents       tokens        bytes  bytes/token  tokens/doc")
            for shard in manifest.shards {
                let columns = [Format.count(shard.documents).leftPad(10), Format.count(shard.tokens).leftPad(12),
                               Format.bytes(Int64(shard.bytes)).leftPad(12),
                               Format.fixed(Double(shard.bytes) / Double(max(1, shard.tokens)), 3).leftPad(12),
                               Format.fixed(Double(shard.tokens) / Double(max(1, shard.documents)), 1).leftPad(11)]
                print(shard.file.padding(toLength: 26) + " " + columns.joined(separator: " "))
            }
            let first = try firstDocuments(dataset, split: split, count: documents)
            if !first.isEmpty { print("") }
            for line in describeDocuments(first, manifest: manifest) { print(line) }
        }
    }

    /// The token ids of the first `count` documents of `split`, in order across shards.
    func firstDocuments(_ dataset: TokenDataset, split: DatasetSplit, count: Int) throws -> [[UInt32]] {
        var result: [[UInt32]] = []
        for shard in dataset.shards(of: split) where result.count < count {
            let reader = try dataset.open(shard)
            for document in 0..<min(reader.documentCount, count - result.count) { result.append(try reader.document(document)) }
        }
        return result
    }

    /// The lines shown for the first documents: decoded to text with the dataset's
    /// `tokenizer.model` when it is there and its SHA-256 is the manifest's; ids otherwise.
    func describeDocuments(_ documents: [[UInt32]], manifest: DatasetManifest) -> [String] {
        let modelPath = (directory as NSString).appendingPathComponent("tokenizer.model")
        let tokenizer = try? SentencePieceTokenizer(modelFile: modelPath)
        let matching = tokenizer.flatMap { $0.modelHash == manifest.tokenizerSHA256 ? $0 : nil }
        var lines: [String] = []
        if tokenizer != nil && matching == nil {
            lines.append("(tokenizer.model does not match the manifest's tokenizer hash: showing ids)")
        }
        for (index, tokens) in documents.enumerated() {
            let ids = tokens.prefix(32).map(String.init).joined(separator: " ") + (tokens.count > 32 ? " …" : "")
            lines.append("document \(index) (\(tokens.count) tokens): \(ids)")
            guard let matching, let text = try? matching.decode(tokens) else { continue }
            let shown = text.prefix(400).replacingOccurrences(of: "\n", with: " ⏎ ")
            lines.append("  text: \(shown)\(text.count > 400 ? " …" : "")")
        }
        return lines
    }
}

extension String {
    /// The string right-aligned in `width` columns.
    func leftPad(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }

    /// The string left-aligned in `width` columns.
    func padding(toLength width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
