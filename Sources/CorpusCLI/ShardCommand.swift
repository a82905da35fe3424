import ArgumentParser
import CorpusCore
import CorpusIngest
import CorpusPipeline
import CorpusShards
import CorpusTokenizer
import Foundation

/// `corpus shard`: tokenize documents with a SentencePiece model into an lz4 token-shard dataset.
struct ShardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shard",
        abstract: "Tokenize documents into a dataset of lz4 token shards (format: Shards/README.md).",
        discussion: """
            Every document is encoded whole and ends with the tokenizer's eos. Documents go to \
            the train or validation shards by a hash of their id (--validation-fraction). \
            Encoding runs on --workers threads; the dataset is byte-identical for any count. \
            The tokenizer model is copied into the dataset as tokenizer.model, and \
            manifest.json is written last: a folder without it is an unfinished dataset.
            """
    )

    @OptionGroup var input: ReaderArguments

    @Option(help: "The SentencePiece model (.model) to encode with.")
    var tokenizer: String

    @Option(name: .shortAndLong, help: "The dataset folder to write, e.g. Shards/NAME.")
    var output: String

    @OptionGroup var dataset: DatasetWriterArguments

    @Option(help: "Documents handed to the workers at a time.")
    var batchSize = 256

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
    }

    func run() throws {
        let terminal = Terminal()
        let (files, _) = try input.selectedFiles(terminal: terminal)
        let model: SentencePieceTokenizer
        do {
            model = try SentencePieceTokenizer(modelFile: tokenizer)
        } catch {
            terminal.line("error: \(error)")
            throw FileManager.default.fileExists(atPath: tokenizer) ? ExitStatus.dataError : ExitStatus.noInput
        }
        guard let eos = model.specialTokens.eos else {
            terminal.line("error: \(tokenizer) has no eos piece; train it with `corpus tokenizer train` (eos is id 1)")
            throw ExitStatus.dataError
        }
        var options = dataset.options(vocabSize: model.vocabSize, tokenizerHash: Hex.bytes(model.modelHash))
        options.config = try JSONValue(encoding: ShardConfig(command: self, files: files, model: model))
        let run = ShardRun(files: files, input: input, tokenizer: model, eos: eos, batchSize: batchSize)
        try run.write(to: output, options: options, tokenizerFile: tokenizer, terminal: terminal)
    }
}

/// What produced a dataset, recorded in its manifest (`config`).
private struct ShardConfig: Encodable {
    var command = "corpus shard"
    var inputs: [String]
    var tokenizer: String
    var tokenizerSHA256: String
    var eosAppended = true
    var textField: String
    var idField: String
    var sequenceLength: Int
    var validationFraction: Double
    var splitSeed: UInt64

    init(command: ShardCommand, files: [String], model: SentencePieceTokenizer) {
        inputs = files
        tokenizer = (command.tokenizer as NSString).lastPathComponent
        tokenizerSHA256 = model.modelHash
        textField = command.input.textField
        idField = command.input.idField
        sequenceLength = command.dataset.seqLen
        validationFraction = command.dataset.validationFraction
        splitSeed = command.dataset.splitSeed
    }

    enum CodingKeys: String, CodingKey {
        case command, inputs, tokenizer
        case tokenizerSHA256 = "tokenizer_sha256"
        case eosAppended = "eos_appended"
        case textField = "text_field"
        case idField = "id_field"
        case sequenceLength = "sequence_length"
        case validationFraction = "validation_fraction"
        case splitSeed = "split_seed"
    }
}
