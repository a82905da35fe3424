import CorpusDedup
import CorpusIngest
import CorpusShards
import CorpusTokenizer
import Foundation

/// What one stage does, by its `type` tag: a closed set, each case with its own settings. A
/// new kind of stage is a new case here, a settings type, and a `PipelineStage`; an unknown `type` is refused when the config is read.
public enum StageSettings: Sendable, Equatable, Encodable {
    /// Read WARC/WET, JSONL or text files into documents.
    case read(ReadSettings)
    /// Unicode-normalize documents' text (NFC or NFKC).
    case normalize(NormalizeSettings)
    /// Normalize and filter documents with a preset.
    case clean(CleanSettings)
    /// Remove duplicate documents and lines.
    case dedup(DedupStageSettings)
    /// Train a SentencePiece tokenizer on the documents.
    case tokenizer(TokenizerStageSettings)
    /// Encode documents into a token-shard dataset.
    case shard(ShardStageSettings)
    /// Pretrain a model on a token-shard dataset.
    case pretrain(PretrainConfig)
    /// Fine-tune a pretrained model on classification tasks over several seeds.
    case finetune(FinetuneStageSettings)
    /// Instruction-tune a pretrained T5 on a Flan-style mixture; rank-classify a held-out task.
    case instruct(InstructStageSettings)

    /// Every `type` a config may name.
    public static let types = ["read", "normalize", "clean", "dedup", "tokenizer", "shard", "pretrain", "finetune", "instruct"]

    /// The `type` tag.
    public var type: String {
        switch self {
        case .read: "read"
        case .normalize: "normalize"
        case .clean: "clean"
        case .dedup: "dedup"
        case .tokenizer: "tokenizer"
        case .shard: "shard"
        case .pretrain: "pretrain"
        case .finetune: "finetune"
        case .instruct: "instruct"
        }
    }

    /// What the stage leaves in its folder for later stages.
    public var produces: StageProduct {
        switch self {
        case .read, .normalize, .clean, .dedup: .documents
        case .tokenizer: .tokenizer
        case .shard: .dataset
        case .pretrain: .model
        case .finetune, .instruct: .results
        }
    }

    /// Reads the settings of a stage of `type` from `mapping` (the common keys already taken).
    static func read(type: String, from mapping: inout ConfigMapping, seed: UInt64) throws(ConfigProblem) -> StageSettings {
        switch type {
        case "read": .read(try ReadSettings(&mapping))
        case "normalize": .normalize(try NormalizeSettings(&mapping))
        case "clean": .clean(try CleanSettings(&mapping))
        case "dedup": .dedup(try DedupStageSettings(&mapping))
        case "tokenizer": .tokenizer(try TokenizerStageSettings(&mapping, seed: seed))
        case "shard": .shard(try ShardStageSettings(&mapping, seed: seed))
        case "pretrain": .pretrain(try PretrainConfig(&mapping))
        case "finetune": .finetune(try FinetuneStageSettings(&mapping))
        case "instruct": .instruct(try InstructStageSettings(&mapping, seed: seed))
        default:
            throw ConfigProblem(line: mapping.line(of: "type"), message: "\(mapping.context): unknown type \"\(type)\" "
                + "(known: \(types.joined(separator: ", ")))")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .read(let settings): try settings.encode(to: encoder)
        case .normalize(let settings): try settings.encode(to: encoder)
        case .clean(let settings): try settings.encode(to: encoder)
        case .dedup(let settings): try settings.encode(to: encoder)
        case .tokenizer(let settings): try settings.encode(to: encoder)
        case .shard(let settings): try settings.encode(to: encoder)
        case .pretrain(let config): try config.settings.encode(to: encoder)
        case .finetune(let settings): try settings.encode(to: encoder)
        case .instruct(let settings): try settings.encode(to: encoder)
        }
    }
}

/// What a stage's folder holds for the stages after it.
public enum StageProduct: String, Sendable {
    /// `part-NNNNN.jsonl` document files.
    case documents
    /// `tokenizer.model` and `tokenizer.vocab`.
    case tokenizer
    /// A token-shard dataset (`manifest.json`, `*.shard`).
    case dataset
    /// A trained model (`export/`, checkpoints and metrics).
    case model
    /// Fine-tuning results: `results.json`, and one folder per task (finetune) or the tuned
    /// model (instruct).
    case results
}

/// `type: read`: the files to read and how (the options of `corpus read`).
public struct ReadSettings: Codable, Sendable, Equatable {
    /// Files or folders, as written: relative to the config's folder, or absolute.
    public var inputs: [String]
    /// auto, warc, jsonl or text.
    public var format: InputFormat
    /// libxml2 or gumbo.
    public var htmlParser: HTMLParser
    /// JSONL field paths.
    public var textField: String, idField: String, urlField: String
    /// Text files: one document per file or per paragraph.
    public var textSplit: TextSplit
    /// Records larger than this many bytes are skipped and counted.
    public var maxRecordBytes: Int

    init(_ m: inout ConfigMapping) throws(ConfigProblem) {
        guard let inputs = try m.strings("inputs"), !inputs.isEmpty else {
            throw ConfigProblem(line: m.line, message: "\(m.context): needs `inputs:` (a list of files or folders, relative to the config's folder)")
        }
        self.inputs = inputs
        format = InputFormat(rawValue: try m.choice("format", InputFormat.allCases.map(\.rawValue), default: "auto")) ?? .auto
        htmlParser = HTMLParser(rawValue: try m.choice("html_parser", HTMLParser.allCases.map(\.rawValue), default: "libxml2")) ?? .libxml2
        textField = try m.string("text_field", default: "text")
        idField = try m.string("id_field", default: "id")
        urlField = try m.string("url_field", default: "url")
        textSplit = TextSplit(rawValue: try m.choice("text_split", TextSplit.allCases.map(\.rawValue), default: "file")) ?? .file
        maxRecordBytes = try m.int("max_record_bytes", default: 32 << 20, in: 1024...Int.max)
        var options = readerOptions(workers: 1)
        options.workers = 1
        do { try options.validate() } catch {
            throw ConfigProblem(line: m.line, message: "\(m.context): \(error.description.replacingOccurrences(of: "--", with: "").replacingOccurrences(of: "-", with: "_"))")
        }
    }

    /// The reader options with `workers` threads.
    public func readerOptions(workers: Int) -> ReaderOptions {
        ReaderOptions(format: format, htmlParser: htmlParser, textField: textField, idField: idField, urlField: urlField,
                      textSplit: textSplit, maxRecordBytes: Int64(maxRecordBytes), workers: workers)
    }
}

extension ReaderOptions {
    /// Options from every value (the `read` settings of a config or the command line).
    public init(format: InputFormat, htmlParser: HTMLParser, textField: String, idField: String, urlField: String,
                textSplit: TextSplit, maxRecordBytes: Int64, workers: Int) {
        self.init()
        self.format = format
        self.htmlParser = htmlParser
        self.textField = textField
        self.idField = idField
        self.urlField = urlField
        self.textSplit = textSplit
        self.maxRecordBytes = maxRecordBytes
        self.workers = workers
    }
}

/// `type: normalize`: Unicode normalization of the text (invalid UTF-8 repaired, controls removed).
public struct NormalizeSettings: Codable, Sendable, Equatable {
    /// nfc or nfkc.
    public var form: String

    init(_ m: inout ConfigMapping) throws(ConfigProblem) {
        form = try m.choice("form", ["nfc", "nfkc"], default: "nfc")
    }
}

/// `type: clean`: a filter preset (the options of `corpus clean`).
public struct CleanSettings: Codable, Sendable, Equatable {
    /// c4, gopher, fineweb (from `Filters/presets`) or a preset file relative to the config's folder.
    public var preset: String

    init(_ m: inout ConfigMapping) throws(ConfigProblem) {
        guard let preset = try m.string("preset"), !preset.isEmpty else {
            throw ConfigProblem(line: m.line, message: "\(m.context): needs `preset:` (c4, gopher, fineweb or a preset file)")
        }
        self.preset = preset
    }
}

/// `type: dedup`: methods in order, memory budget, MinHash parameters (the options of `corpus dedup`).
public struct DedupStageSettings: Codable, Sendable, Equatable {
    /// Methods applied in order: url, lines, paragraphs, exact, minhash.
    public var methods: [String]
    /// Memory budget for sorting signatures, in bytes (written `512MB`, `2GB`).
    public var memoryBytes: Int
    /// Hash partitions per sorted run.
    public var partitions: Int
    /// MinHash: bands, rows per band, words per shingle, seed of the permutations.
    public var minhashBands: Int, minhashRows: Int, minhashNgram: Int, minhashSeed: UInt64
    /// paragraphs: lines shorter than this many characters are never removed.
    public var paragraphMinLength: Int

    init(_ m: inout ConfigMapping) throws(ConfigProblem) {
        let known = DedupMethodName.allCases.map(\.rawValue)
        guard let methods = try m.strings("methods"), !methods.isEmpty else {
            throw ConfigProblem(line: m.line, message: "\(m.context): needs `methods:` (a list of \(known.joined(separator: ", ")))")
        }
        for (index, name) in methods.enumerated() {
            guard known.contains(name) else { throw m.problem("methods", "unknown method \"\(name)\" (known: \(known.joined(separator: ", ")))") }
            guard !methods[..<index].contains(name) else { throw m.problem("methods", "\"\(name)\" is given twice") }
        }
        self.methods = methods
        let memory = try m.string("memory", default: "1GB")
        guard let bytes = MemorySize.parse(memory), bytes >= 1 << 16 else {
            throw m.problem("memory", "cannot use \"\(memory)\"; write a size of at least 64KB, e.g. 512MB or 2GB")
        }
        memoryBytes = bytes
        partitions = try m.int("partitions", default: 16, in: 1...4096)
        minhashBands = try m.int("minhash_bands", default: 14, in: 1...64)
        minhashRows = try m.int("minhash_rows", default: 8, in: 1...32)
        minhashNgram = try m.int("minhash_ngram", default: 5, in: 1...32)
        minhashSeed = try m.uint64("minhash_seed", default: 1)
        paragraphMinLength = try m.int("paragraph_min_length", default: 0, in: 0...Int.max)
    }

    /// The method options, with the Punkt model of `lines` under `filtersDirectory`.
    public func methodOptions(filtersDirectory: String?) -> DedupMethodOptions {
        DedupMethodOptions(minhashBands: minhashBands, minhashRows: minhashRows, minhashNgram: minhashNgram, minhashSeed: minhashSeed,
                           paragraphMinLength: paragraphMinLength, filtersDirectory: filtersDirectory)
    }
}

extension DedupMethodOptions {
    /// Options from every value (a config's `dedup` settings or the command line), with the
    /// Punkt model of `lines` under `filtersDirectory`.
    public init(minhashBands: Int, minhashRows: Int, minhashNgram: Int, minhashSeed: UInt64, paragraphMinLength: Int,
                filtersDirectory: String?) {
        self.init()
        self.minhashBands = minhashBands
        self.minhashRows = minhashRows
        self.minhashNgram = minhashNgram
        self.minhashSeed = minhashSeed
        minimumParagraphLength = paragraphMinLength
        punktDirectory = filtersDirectory.map { $0 + "/punkt-english" }
    }
}

/// `type: tokenizer`: SentencePiece training (the options of `corpus tokenizer train`).
public struct TokenizerStageSettings: Codable, Sendable, Equatable {
    /// The training config; `threads` is part of it (not `--workers`), since SentencePiece's
    /// result depends on its thread count.
    public var training: TokenizerTrainingConfig
    /// Documents encoded after training to measure tokens per word and vocabulary use.
    public var measureDocuments: Int

    init(_ m: inout ConfigMapping, seed: UInt64) throws(ConfigProblem) {
        guard let vocabSize = try m.int("vocab_size") else {
            throw ConfigProblem(line: m.line, message: "\(m.context): needs `vocab_size:` (total ids, special tokens included, e.g. 32000)")
        }
        var config = TokenizerTrainingConfig(vocabSize: vocabSize)
        config.modelType = TokenizerModelType(rawValue: try m.choice("model_type", TokenizerModelType.allCases.map(\.rawValue), default: "unigram")) ?? .unigram
        config.special = SpecialTokenPreset(rawValue: try m.choice("special", SpecialTokenPreset.allCases.map(\.rawValue), default: "none")) ?? .none
        config.bos = try m.bool("bos", default: false)
        config.inputSentenceSize = try m.int("input_sentence_size") ?? config.inputSentenceSize
        config.characterCoverage = try m.double("character_coverage", default: config.characterCoverage, in: -Double.infinity...Double.infinity)
        config.byteFallback = try m.bool("byte_fallback", default: false)
        config.maxPieceLength = try m.int("max_piece_length") ?? config.maxPieceLength
        config.maxSentenceLength = try m.int("max_sentence_length") ?? config.maxSentenceLength
        config.normalization = try m.string("normalization", default: config.normalization)
        config.threads = try m.int("threads") ?? 4
        config.seed = try m.uint64("seed", default: seed)
        measureDocuments = try m.int("measure_documents", default: 1000, in: 1...Int.max)
        do { try config.validate() } catch {
            if case .invalidConfig(let field, let reason) = error {
                let key = field.replacingOccurrences(of: "-", with: "_")
                throw m.problem(key, reason)
            }
            throw ConfigProblem(line: m.line, message: "\(m.context): \(error)")
        }
        training = config
    }
}

/// `type: shard`: the dataset options of `corpus shard`.
public struct ShardStageSettings: Codable, Sendable, Equatable {
    /// Sequence length training will use (recorded in the manifest).
    public var seqLen: Int
    /// Fraction of documents (by a hash of their id) in the validation split.
    public var validationFraction: Double
    /// Seed of that hash (the pipeline's seed unless given).
    public var splitSeed: UInt64
    /// Tokens per compressed block, and at most per shard file.
    public var blockTokens: Int, shardTokens: Int
    /// lz4 level, 0...12.
    public var compressionLevel: Int

    /// Settings from their values (the command line's `corpus shard` options).
    public init(seqLen: Int, validationFraction: Double, splitSeed: UInt64, blockTokens: Int, shardTokens: Int, compressionLevel: Int) {
        self.seqLen = seqLen
        self.validationFraction = validationFraction
        self.splitSeed = splitSeed
        self.blockTokens = blockTokens
        self.shardTokens = shardTokens
        self.compressionLevel = compressionLevel
    }

    init(_ m: inout ConfigMapping, seed: UInt64) throws(ConfigProblem) {
        seqLen = try m.int("seq_len", default: 2048, in: 1...Int.max)
        validationFraction = try m.double("validation_fraction", default: 0, in: 0...1)
        splitSeed = try m.uint64("split_seed", default: seed)
        blockTokens = try m.int("block_tokens", default: 65_536, in: 1...(2 << 20))
        shardTokens = try m.int("shard_tokens", default: 1 << 26, in: 1...Int.max)
        compressionLevel = try m.int("compression_level", default: 3, in: 0...12)
        guard shardTokens >= blockTokens else {
            throw m.problem("shard_tokens", "\(shardTokens) is smaller than a block (block_tokens: \(blockTokens))")
        }
    }

    /// Writer options for a tokenizer of `vocabSize` ids whose model hashes to `tokenizerHash`.
    public func writerOptions(vocabSize: Int, tokenizerHash: [UInt8]) -> DatasetWriterOptions {
        var options = DatasetWriterOptions(vocabSize: vocabSize, tokenizerHash: tokenizerHash)
        options.sequenceLength = seqLen
        options.validationFraction = validationFraction
        options.splitSeed = splitSeed
        options.blockTokens = blockTokens
        options.shardTokens = shardTokens
        options.compressionLevel = compressionLevel
        return options
    }
}

/// Sizes like `512MB`, `2GB`, `64KiB` (units of 1024) or a plain byte count.
public enum MemorySize {
    /// The size in bytes, or nil when `text` is not a positive size.
    public static func parse(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        let units: [(String, Int)] = [("KIB", 1 << 10), ("MIB", 1 << 20), ("GIB", 1 << 30), ("TIB", 1 << 40),
                                      ("KB", 1 << 10), ("MB", 1 << 20), ("GB", 1 << 30), ("TB", 1 << 40),
                                      ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30), ("T", 1 << 40), ("B", 1)]
        for (suffix, scale) in units where trimmed.hasSuffix(suffix) {
            guard let value = Double(trimmed.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), value > 0 else { break }
            return Int(value * Double(scale))
        }
        guard let bytes = Int(trimmed), bytes > 0 else { return nil }
        return bytes
    }
}
