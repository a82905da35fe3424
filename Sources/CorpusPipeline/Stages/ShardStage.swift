import CorpusCore
import CorpusIngest
import CorpusReport
import CorpusShards
import CorpusTokenizer

/// `type: shard`: one task, `encode`: every document of the input stage, encoded with the
/// tokenizer stage's model (eos appended), into a token-shard dataset in the stage's own folder
/// (`manifest.json` last, `tokenizer.model` copied in), so `corpus shards inspect` reads it as is.
struct ShardStage: PipelineStage {
    let settings: ShardStageSettings
    var identity: [String] { [] }
    /// Documents handed to the workers at a time.
    var batchSize = 256

    func run(_ context: StageContext) throws -> StageStatistics {
        try context.task("encode") {
            guard let tokenizerFolder = context.tokenizerFolder else { preconditionFailure("a shard stage always has a tokenizer stage") }
            let modelPath = TokenizerStage.modelPath(in: tokenizerFolder)
            let model = try SentencePieceTokenizer(modelFile: modelPath)
            guard let eos = model.specialTokens.eos else {
                throw ShardError.invalidOptions("\(modelPath) has no eos piece; a tokenizer stage always gives it id 1")
            }
            let parts = context.inputParts()
            var options = settings.writerOptions(vocabSize: model.vocabSize, tokenizerHash: Hex.bytes(model.modelHash))
            options.config = try JSONValue(encoding: ShardProvenance(
                pipeline: context.pipeline,
                stage: context.stage.name, inputs: parts.map { relative($0, to: context.runDirectory) },
                tokenizer: relative(modelPath, to: context.runDirectory), tokenizerSHA256: model.modelHash))
            var readerOptions = ReaderOptions()
            readerOptions.format = .jsonl
            let inputBytes = InputPaths.totalSize(parts)
            let encoding = DatasetEncoding(files: parts, readerOptions: readerOptions, tokenizer: model, eos: eos,
                                           batchSize: batchSize, workers: context.workers)
            let (manifest, totals, _) = try encoding.write(to: context.folder, options: options, tokenizerFile: modelPath,
                                                           onProblem: context.onProblem) { totals, stream in
                context.progress(task: "encode", index: 0, of: 1, documents: totals.documents, bytes: stream.inputBytesConsumed,
                                 tokens: totals.tokens, totalBytes: inputBytes)
            }
            var statistics = context.emptyStatistics()
            statistics.flow = Flow(documentsIn: totals.documents + totals.emptySkipped, documentsOut: totals.documents,
                                   bytesIn: Int64(totals.textBytes), bytesOut: Int64(manifest.shards.reduce(0) { $0 + $1.bytes }))
            statistics.shards = Self.figures(manifest)
            return statistics
        }
    }

    /// Totals per split, and token bytes before compression over bytes on disk.
    static func figures(_ manifest: DatasetManifest) -> ShardFigures {
        var splits: [String: SplitFigures] = [:]
        for split in DatasetSplit.allCases {
            let shards = manifest.shards(of: split)
            guard !shards.isEmpty else { continue }
            splits[split.rawValue] = SplitFigures(shards: shards.count, documents: shards.reduce(0) { $0 + $1.documents },
                                                  tokens: shards.reduce(0) { $0 + $1.tokens }, bytes: shards.reduce(0) { $0 + $1.bytes })
        }
        let tokens = manifest.shards.reduce(0) { $0 + $1.tokens }
        let bytes = manifest.shards.reduce(0) { $0 + $1.bytes }
        return ShardFigures(splits: splits, compressionRatio: Double(tokens * manifest.tokenWidth) / Double(max(bytes, 1)))
    }

    private func relative(_ path: String, to directory: String) -> String {
        path.hasPrefix(directory + "/") ? String(path.dropFirst(directory.count + 1)) : path
    }
}

/// What produced a pipeline's dataset, recorded in its manifest (`config`); paths are relative
/// to the run folder, so the manifest is the same wherever the run folder lies.
private struct ShardProvenance: Encodable {
    var producer = "corpus run"
    var pipeline: String
    var stage: String
    var inputs: [String]
    var tokenizer: String
    var tokenizerSHA256: String
    var eosAppended = true

    enum CodingKeys: String, CodingKey {
        case producer, pipeline, stage, inputs, tokenizer
        case tokenizerSHA256 = "tokenizer_sha256"
        case eosAppended = "eos_appended"
    }
}

/// Lowercase hex to bytes.
public enum Hex {
    /// The bytes of `hex` (two digits per byte); empty when it is not hex.
    public static func bytes(_ hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var digits = Substring(hex)
        while digits.count >= 2, let byte = UInt8(digits.prefix(2), radix: 16) {
            bytes.append(byte)
            digits = digits.dropFirst(2)
        }
        return digits.isEmpty ? bytes : []
    }
}
