import CorpusModels
import CorpusTraining
import Foundation
import Yams

/// A pretraining config (`corpus pretrain --config`, or a pipeline's `pretrain` stage): an
/// objective, a named preset to start from, and the keys that change it, in four groups
/// (`model`, `data`, `training`, `run`). The vocabulary comes from the shards unless given.
public struct PretrainConfig: Sendable, Equatable {
    /// The settings with the vocabulary still open (0) unless the config gave one.
    public var settings: PretrainingSettings
    /// Whether the config named the vocabulary.
    public var fixedVocabulary: Bool

    /// A config of these settings.
    public init(settings: PretrainingSettings, fixedVocabulary: Bool) {
        self.settings = settings
        self.fixedVocabulary = fixedVocabulary
    }

    /// The settings for shards whose tokenizer has `vocabulary` ids.
    public func settings(vocabulary: Int) -> PretrainingSettings {
        var resolved = settings
        if !fixedVocabulary { resolved.shape.vocabulary = vocabulary }
        return resolved
    }

    /// The config of a preset by name, for `--config electra-small`.
    public static func preset(_ name: String) -> PretrainConfig? {
        PretrainingSettings.preset(name, vocabulary: 0).map { PretrainConfig(settings: $0, fixedVocabulary: false) }
    }

    /// Reads and checks a standalone config file (`version: 1` at the top).
    public static func load(path: String) throws(PipelineConfigError) -> PretrainConfig {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw PipelineConfigError(path: path, line: 0, message: "cannot read the config file")
        }
        do throws(ConfigProblem) {
            let root = try ConfigMapping.compose(text)
            var top = try ConfigMapping(root, context: "the config")
            guard let version = try top.int("version") else { throw ConfigProblem(line: top.line, message: "missing `version: 1` at the top") }
            guard version == 1 else { throw top.problem("version", "\(version) is not supported; this build reads version 1") }
            let config = try PretrainConfig(&top)
            try top.finish()
            return config
        } catch {
            throw PipelineConfigError(path: path, line: error.line, message: error.message)
        }
    }

    /// Reads the pretraining keys of `m` (a file's top level or a stage's mapping).
    init(_ m: inout ConfigMapping) throws(ConfigProblem) {
        let objective = PretrainingObjectiveKind(rawValue: try m.choice("objective", PretrainingObjectiveKind.allCases.map(\.rawValue), default: "rtd"))!
        let presetName = try m.choice("preset", PretrainingSettings.presetNames, default: "electra-small")
        var s = PretrainingSettings.preset(presetName, vocabulary: 0)!
        s.objective = objective
        var fixed = false
        if let node = m.node("model") {
            var model = try ConfigMapping(node, context: "model")
            if let vocabulary = try model.int("vocabulary") {
                guard vocabulary >= 8 else { throw model.problem("vocabulary", "\(vocabulary) is too small; use the tokenizer's size (or leave it out to take it from the shards)") }
                s.shape.vocabulary = vocabulary
                fixed = true
            }
            s.shape.embedding = try model.int("embedding", default: s.shape.embedding, in: 1...65_536)
            s.shape.maximumLength = try model.int("maximum_length", default: s.shape.maximumLength, in: 2...1_048_576)
            if let node = model.node("discriminator") {
                s.shape.discriminator = try Self.encoder(node, context: "model.discriminator", default: s.shape.discriminator)
                s.shape.generator = ElectraShape.generator(for: s.shape.discriminator, fraction: 0.25)
            }
            let fraction = try model.double("generator_fraction", default: 0, in: 0...1)
            if model.has("generator_fraction") && model.has("generator") {
                throw model.problem("generator", "give either generator or generator_fraction, not both")
            }
            if fraction > 0 { s.shape.generator = ElectraShape.generator(for: s.shape.discriminator, fraction: fraction) }
            if let node = model.node("generator") {
                s.shape.generator = try Self.encoder(node, context: "model.generator", default: s.shape.generator)
            }
            try model.finish()
        }
        if let node = m.node("data") {
            var data = try ConfigMapping(node, context: "data")
            s.sequenceLength = try data.int("sequence_length", default: s.sequenceLength, in: 2...1_048_576)
            if let hash = try data.string("tokenizer_sha256") {
                guard hash.count == 64, hash.allSatisfy(\.isHexDigit) else {
                    throw data.problem("tokenizer_sha256", "expected 64 hex digits (the tokenizer_sha256 of the shards' manifest.json)")
                }
                s.tokenizerSHA256 = hash.lowercased()
            }
            try data.finish()
        }
        if let node = m.node("training") {
            var t = try ConfigMapping(node, context: "training")
            s.batchSize = try t.int("batch_size", default: s.batchSize, in: 1...65_536)
            s.steps = try t.int("steps", default: s.steps, in: 1...Int.max)
            s.learningRate = try t.double("learning_rate", default: s.learningRate, in: 1e-12...10)
            s.warmupSteps = try t.int("warmup_steps", default: s.warmupSteps, in: 0...Int.max)
            s.optimizer.weightDecay = try t.double("weight_decay", default: s.optimizer.weightDecay, in: 0...1)
            s.optimizer.beta1 = try t.double("adam_beta1", default: s.optimizer.beta1, in: 0...0.999999)
            s.optimizer.beta2 = try t.double("adam_beta2", default: s.optimizer.beta2, in: 0...0.999999999)
            s.optimizer.epsilon = try t.double("adam_epsilon", default: s.optimizer.epsilon, in: 1e-20...1)
            s.optimizer.biasCorrection = try t.bool("bias_correction", default: s.optimizer.biasCorrection)
            s.clipNorm = try t.double("clip_norm", default: s.clipNorm, in: 1e-9...1e9)
            s.dropout = try t.double("dropout", default: s.dropout, in: 0...0.99)
            s.masking.rate = try t.double("mask_rate", default: s.masking.rate, in: 0.001...0.999)
            s.masking.maskShare = try t.double("mask_share", default: s.masking.maskShare, in: 0...1)
            s.masking.maximumPredictions = try t.int("max_predictions", default: s.masking.maximumPredictions, in: 1...Int.max)
            s.discriminatorWeight = try t.double("discriminator_weight", default: s.discriminatorWeight, in: 0...1e6)
            s.seed = try t.uint64("seed", default: s.seed)
            try t.finish()
        }
        if let node = m.node("run") {
            var r = try ConfigMapping(node, context: "run")
            s.logEvery = try r.int("log_every", default: s.logEvery, in: 1...Int.max)
            s.evaluateEvery = try r.int("evaluate_every", default: s.evaluateEvery, in: 1...Int.max)
            s.checkpointEvery = try r.int("checkpoint_every", default: s.checkpointEvery, in: 1...Int.max)
            s.evaluationBatches = try r.int("evaluation_batches", default: s.evaluationBatches, in: 0...Int.max)
            if s.checkpointEvery % s.logEvery != 0 {
                throw r.problem("checkpoint_every", "\(s.checkpointEvery) must be a multiple of log_every (\(s.logEvery)), so a resumed run logs the same windows")
            }
            try r.finish()
        }
        // Cross-key checks, with the vocabulary standing in when it comes from the shards.
        var check = s
        if !fixed { check.shape.vocabulary = max(8, check.shape.vocabulary) }
        let problems = check.problems()
        guard problems.isEmpty else {
            throw ConfigProblem(line: m.line, message: problems.joined(separator: "; "))
        }
        settings = s
        fixedVocabulary = fixed
    }

    private static func encoder(_ node: Node, context: String, default base: EncoderShape) throws(ConfigProblem) -> EncoderShape {
        var e = try ConfigMapping(node, context: context)
        let shape = EncoderShape(hidden: try e.int("hidden", default: base.hidden, in: 1...65_536),
                                 layers: try e.int("layers", default: base.layers, in: 1...1024),
                                 heads: try e.int("heads", default: base.heads, in: 1...1024),
                                 feedForward: try e.int("feed_forward", default: base.feedForward, in: 1...1_048_576))
        try e.finish()
        if shape.hidden % shape.heads != 0 {
            throw ConfigProblem(line: e.line(of: "heads"), message: "\(context): hidden \(shape.hidden) is not a multiple of heads \(shape.heads)")
        }
        return shape
    }
}
