import CorpusTraining
import Foundation
import Yams

/// A pipeline: named, seeded, a list of stages run in order, each reading an earlier stage's
/// output. Read from YAML and checked completely (keys, values, stage references, input paths,
/// presets) before any input is read.
///
/// ```yaml
/// version: 1
/// name: quickstart
/// seed: 1
/// stages:
///   - type: read
///     inputs: [samples/debian-docs.warc.gz]
///   - type: clean
///     preset: c4
///   - {type: dedup, methods: [url, lines]}
///   - {type: tokenizer, vocab_size: 2000, special: electra}
///   - {type: shard, validation_fraction: 0.05}
/// ```
public struct PipelineConfig: Sendable, Encodable {
    /// The config format this build reads.
    public static let currentVersion = 1

    /// Format version (`version: 1`).
    public var version: Int
    /// The pipeline's name: names its run folder (`runs/NAME`).
    public var name: String
    /// Seeds every random choice (tokenizer sample, split hash) unless a stage sets its own.
    public var seed: UInt64
    /// Threads per stage when `--workers` is not given; nil for all cores. Output never depends on it.
    public var workers: Int?
    /// The stages, in order.
    public var stages: [StageConfig]
    /// The config file and its folder (relative paths in the config are relative to the folder).
    public var path: String, directory: String

    /// Reads and checks `path`.
    public static func load(path: String) throws(PipelineConfigError) -> PipelineConfig {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw PipelineConfigError(path: path, line: 0, message: "cannot read the config file")
        }
        return try PipelineConfig(yaml: text, path: path)
    }

    /// Parses and checks config `yaml`, which came from `path`.
    public init(yaml: String, path: String) throws(PipelineConfigError) {
        self.path = path
        directory = (path as NSString).deletingLastPathComponent
        do throws(ConfigProblem) {
            let root = try ConfigMapping.compose(yaml)
            var top = try ConfigMapping(root, context: "the pipeline")
            guard let version = try top.int("version") else {
                throw ConfigProblem(line: top.line, message: "missing `version: \(Self.currentVersion)` at the top")
            }
            guard version == Self.currentVersion else {
                throw top.problem("version", "\(version) is not supported; this build reads version \(Self.currentVersion)")
            }
            self.version = version
            guard let name = try top.string("name") else { throw ConfigProblem(line: top.line, message: "missing `name:` (it names the run folder, runs/NAME)") }
            guard Self.isSafeName(name) else { throw top.problem("name", "\"\(name)\" must be letters, digits, `-`, `_` or `.`, as it names a folder") }
            self.name = name
            seed = try top.uint64("seed", default: 1)
            workers = try top.int("workers").map { (count) throws(ConfigProblem) in
                guard count >= 1 else { throw top.problem("workers", "\(count) is out of range; use at least 1 (or leave it out for all cores)") }
                return count
            }
            guard let list = top.node("stages")?.sequence, !list.isEmpty else {
                throw ConfigProblem(line: top.line(of: "stages"), message: "`stages:` must be a non-empty list of stages")
            }
            try top.finish()
            var stages: [StageConfig] = []
            for node in list {
                stages.append(try StageConfig(node, earlier: stages, seed: seed))
            }
            self.stages = stages
        } catch {
            throw PipelineConfigError(path: path, line: error.line, message: error.message)
        }
    }

    /// Folder names are safe: no separators, no leading dot.
    static func isSafeName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
    }

    /// The stage named `name`, if any.
    public func stage(named name: String) -> StageConfig? { stages.first { $0.name == name } }

    private enum CodingKeys: String, CodingKey { case version, name, seed, stages }
}

/// One stage of a pipeline: its name, its settings, and the earlier stages it reads.
public struct StageConfig: Sendable, Encodable {
    /// Unique within the pipeline; names the stage's folder and `--from`.
    public var name: String
    /// What the stage does.
    public var settings: StageSettings
    /// The stage whose documents it reads (nil for `read`); for `pretrain` the shard stage, for
    /// `finetune` and `instruct` the pretrain stage (`model:`).
    public var input: String?
    /// The stage whose tokenizer it uses (`shard`; `finetune` and `instruct`, where it defaults
    /// to the tokenizer of the model's shards).
    public var tokenizer: String?
    /// The earlier `pretrain` stage whose trained weights it starts from (`pretrain` with
    /// `initial_weights: STAGE`, as UL2R continues a model).
    public var weights: String?
    /// The line of the stage in the config, for messages.
    public var line: Int
    /// The line of each of its keys' values.
    var keyLines: [String: Int] = [:]

    /// The line of `key`'s value, or of the stage when the key is absent.
    public func line(of key: String) -> Int { keyLines[key] ?? line }

    init(_ node: Node, earlier: [StageConfig], seed: UInt64) throws(ConfigProblem) {
        var m = try ConfigMapping(node, context: "stage \(earlier.count + 1)")
        guard let type = try m.string("type") else {
            throw ConfigProblem(line: m.line, message: "stage \(earlier.count + 1): missing `type:` (one of \(StageSettings.types.joined(separator: ", ")))")
        }
        let name = try m.string("name") ?? type
        line = m.line
        guard PipelineConfig.isSafeName(name) else {
            throw m.problem("name", "\"\(name)\" must be letters, digits, `-`, `_` or `.`, as it names a folder")
        }
        guard !earlier.contains(where: { $0.name == name }) else {
            throw ConfigProblem(line: m.line(of: m.has("name") ? "name" : "type"),
                                message: "two stages are named \"\(name)\"; give this one its own `name:`")
        }
        self.name = name
        m = try ConfigMapping(node, context: "stage \"\(name)\"")
        _ = try m.string("type")
        _ = try m.string("name")
        let inputName = type == "read" ? nil : try m.string("input")
        let tunes = type == "finetune" || type == "instruct"
        let tokenizerName = type == "shard" || tunes ? try m.string("tokenizer") : nil
        let modelName = tunes ? try m.string("model") : nil
        let flopsReference = type == "pretrain" ? try m.string("equal_flops_with") : nil
        if flopsReference != nil, m.node("training")?["steps"] != nil {
            throw m.problem("equal_flops_with", "give either training.steps or equal_flops_with (which sets the steps), not both")
        }
        if modelName != nil, inputName != nil {
            throw m.problem("model", "give either model or input (both name the pretrain stage to fine-tune), not both")
        }
        settings = try StageSettings.read(type: type, from: &m, seed: seed)
        try m.finish()
        keyLines = m.valueLines
        if settings.type != "read" {
            let kind: StageProduct = switch settings.type {
            case "pretrain": .dataset
            case "finetune", "instruct": .model
            default: .documents
            }
            input = try Self.resolve(modelName ?? inputName, kind: kind, key: modelName != nil ? "model" : "input", earlier: earlier, mapping: m)
        }
        if settings.type == "shard" {
            tokenizer = try Self.resolve(tokenizerName, kind: .tokenizer, key: "tokenizer", earlier: earlier, mapping: m)
        }
        if settings.type == "instruct", let model = input {
            try Self.requireEncoderDecoder(model, earlier: earlier, mapping: m)
        }
        if settings.type == "finetune" || settings.type == "instruct", let model = input {
            // The tokenizer of the model's shards unless one is named.
            let shards = earlier.first { $0.name == model }?.input
            tokenizer = try tokenizerName.map { (name) throws(ConfigProblem) in
                try Self.resolve(name, kind: .tokenizer, key: "tokenizer", earlier: earlier, mapping: m)
            } ?? shards.flatMap { name in earlier.first { $0.name == name }?.tokenizer }
        }
        if case .pretrain(let pretrain) = settings, let reference = flopsReference, let input {
            settings = .pretrain(try Self.equalizeFLOPs(pretrain, stage: name, input: input, with: reference, earlier: earlier, mapping: m))
        }
        if case .pretrain(let pretrain) = settings, let initial = pretrain.settings.initialWeights {
            // Lines of keys inside `training` are not recorded; the stage's line stands in.
            if earlier.contains(where: { $0.name == initial }) {
                weights = try Self.resolve(initial, kind: .model, key: "type", earlier: earlier, mapping: m)
            } else if !initial.hasPrefix("/") {
                throw ConfigProblem(line: m.line, message: "stage \"\(name)\": training.initial_weights \"\(initial)\" names no earlier stage; name an earlier pretrain stage or give an absolute path to a checkpoint or run folder")
            }
        }
    }

    /// Refuses an instruct stage's model that is not a T5 encoder-decoder (ELECTRA, MLM, or a
    /// decoder-only causal LM), at the line of `model`.
    private static func requireEncoderDecoder(_ name: String, earlier: [StageConfig], mapping: ConfigMapping) throws(ConfigProblem) {
        guard case .pretrain(let pretrain) = earlier.first(where: { $0.name == name })?.settings else { return }
        let settings = pretrain.settings
        let problem: String? = if settings.model.t5 == nil {
            "\(settings.objective.rawValue), an ELECTRA-shaped encoder with no decoder"
        } else if settings.objective == .causalLM || settings.model.t5?.encoderLayers == 0 {
            "a decoder-only causal LM with no encoder"
        } else { nil }
        if let problem {
            throw mapping.problem(mapping.has("model") ? "model" : "type", "stage \"\(name)\" trains \(problem); instruction tuning needs a T5 "
                + "encoder-decoder: name a pretrain stage with a t5 preset and an encoder-decoder objective (span, iid-sentinel, prefix-lm, ul2, ...)")
        }
    }

    /// The named earlier stage producing `kind`, or the nearest earlier one when no name is given.
    private static func resolve(_ name: String?, kind: StageProduct, key: String, earlier: [StageConfig],
                                mapping: ConfigMapping) throws(ConfigProblem) -> String {
        if let name {
            guard let stage = earlier.first(where: { $0.name == name }) else {
                throw mapping.problem(key, "no earlier stage is named \"\(name)\" (earlier: \(earlier.map(\.name).joined(separator: ", ")))")
            }
            guard stage.settings.produces == kind else {
                throw mapping.problem(key, "stage \"\(name)\" makes a \(stage.settings.produces.rawValue), not \(kind.rawValue)")
            }
            return name
        }
        guard let stage = earlier.last(where: { $0.settings.produces == kind }) else {
            let needed = switch kind {
            case .documents: "a read stage"
            case .dataset: "a shard stage"
            case .tokenizer: "a tokenizer stage"
            case .model: "a pretrain stage"
            case .results: "a finetune stage"
            }
            throw ConfigProblem(line: mapping.line, message: "\(mapping.context): needs \(needed) before it")
        }
        return stage.name
    }

    private enum CodingKeys: String, CodingKey { case name, settings, input, tokenizer, weights }
}
