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
    /// In a pipeline, `equal_flops_with: STAGE`: how the steps were set to match an earlier
    /// pretrain stage's training FLOPs (nil when the steps are the config's own).
    public var computeMatch: ComputeMatch?

    /// A config of these settings.
    public init(settings: PretrainingSettings, fixedVocabulary: Bool) {
        self.settings = settings
        self.fixedVocabulary = fixedVocabulary
    }

    /// The settings for shards whose tokenizer has `vocabulary` ids.
    public func settings(vocabulary: Int) -> PretrainingSettings {
        var resolved = settings
        if !fixedVocabulary { resolved.model.vocabulary = vocabulary }
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
        let objectiveName = m.has("objective") ? try m.choice("objective", PretrainingObjectiveKind.allCases.map(\.rawValue), default: "rtd") : ""
        let presetName = m.has("preset") ? try m.choice("preset", PretrainingSettings.presetNames, default: "electra-small") : ""
        let named = PretrainingObjectiveKind(rawValue: objectiveName)
        var s = PretrainingSettings.preset(presetName.isEmpty ? PretrainingSettings.defaultPresetName(for: named ?? .rtd) : presetName, vocabulary: 0)!
        if let named { s.objective = named }
        if s.objective.usesElectraShape != (s.model.electra != nil) {
            throw m.problem("objective", "\(s.objective.rawValue) does not train the model of preset \(presetName); use preset \(PretrainingSettings.defaultPresetName(for: s.objective)) or one like it")
        }
        var fixed = false
        if let node = m.node("model") {
            var model = try ConfigMapping(node, context: "model")
            if let vocabulary = try model.int("vocabulary") {
                guard vocabulary >= 8 else { throw model.problem("vocabulary", "\(vocabulary) is too small; use the tokenizer's size (or leave it out to take it from the shards)") }
                s.model.vocabulary = vocabulary
                fixed = true
            }
            switch s.model {
            case .electra(let shape): s.model = .electra(try Self.electra(&model, default: shape))
            case .t5(let shape): s.model = .t5(try Self.t5(&model, default: shape))
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
            s.denoising.noiseDensity = try t.double("noise_density", default: s.denoising.noiseDensity, in: 0.001...0.999)
            s.denoising.meanNoiseSpanLength = try t.double("mean_noise_span_length", default: s.denoising.meanNoiseSpanLength, in: 1...1_000_000)
            s.denoising.randomTokenShare = try t.double("random_token_share", default: s.denoising.randomTokenShare, in: 0...1)
            s.denoising.mixture = try t.choice("mixture", ["ul2", "ul2r"], default: s.denoising.mixture)
            s.initialWeights = try t.string("initial_weights") ?? s.initialWeights
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
        if !fixed { check.model.vocabulary = max(8, check.model.vocabulary) }
        let problems = check.problems()
        guard problems.isEmpty else {
            throw ConfigProblem(line: m.line, message: problems.joined(separator: "; "))
        }
        settings = s
        fixedVocabulary = fixed
    }

    /// The ELECTRA keys of `model`.
    private static func electra(_ model: inout ConfigMapping, default base: ElectraShape) throws(ConfigProblem) -> ElectraShape {
        var shape = base
        shape.embedding = try model.int("embedding", default: shape.embedding, in: 1...65_536)
        shape.maximumLength = try model.int("maximum_length", default: shape.maximumLength, in: 2...1_048_576)
        if let node = model.node("discriminator") {
            shape.discriminator = try Self.encoder(node, context: "model.discriminator", default: shape.discriminator)
            shape.generator = ElectraShape.generator(for: shape.discriminator, fraction: 0.25)
        }
        let fraction = try model.double("generator_fraction", default: 0, in: 0...1)
        if model.has("generator_fraction") && model.has("generator") {
            throw model.problem("generator", "give either generator or generator_fraction, not both")
        }
        if fraction > 0 { shape.generator = ElectraShape.generator(for: shape.discriminator, fraction: fraction) }
        if let node = model.node("generator") {
            shape.generator = try Self.encoder(node, context: "model.generator", default: shape.generator)
        }
        return shape
    }

    /// The T5 keys of `model` (HuggingFace's `T5Config` names where they exist).
    private static func t5(_ model: inout ConfigMapping, default base: T5Shape) throws(ConfigProblem) -> T5Shape {
        var shape = base
        shape.width = try model.int("d_model", default: shape.width, in: 1...65_536)
        shape.heads = try model.int("heads", default: shape.heads, in: 1...1024)
        shape.headWidth = try model.int("d_kv", default: shape.headWidth, in: 1...65_536)
        shape.feedForward = try model.int("d_ff", default: shape.feedForward, in: 1...1_048_576)
        shape.encoderLayers = try model.int("encoder_layers", default: shape.encoderLayers, in: 0...1024)
        shape.decoderLayers = try model.int("decoder_layers", default: shape.decoderLayers, in: 1...1024)
        shape.buckets = try model.int("relative_buckets", default: shape.buckets, in: 4...4096)
        shape.maximumDistance = try model.int("relative_max_distance", default: shape.maximumDistance, in: 2...1_048_576)
        shape.feedForwardKind = T5Shape.FeedForwardKind(rawValue: try model.choice(
            "feed_forward", T5Shape.FeedForwardKind.allCases.map(\.rawValue), default: shape.feedForwardKind.rawValue))!
        shape.tiedEmbeddings = try model.bool("tied_embeddings", default: shape.tiedEmbeddings)
        shape.sparse = try Self.switchTransformer(&model, default: shape.sparse)
        return shape
    }

    /// The Switch Transformer keys of `model`: `experts` (0 or absent: dense) and, for a sparse
    /// model, the settings that change the paper's defaults.
    private static func switchTransformer(_ model: inout ConfigMapping, default base: SwitchShape?) throws(ConfigProblem) -> SwitchShape? {
        let keys = ["sparse_every", "capacity_factor", "eval_capacity_factor", "load_balancing_loss", "router_z_loss", "expert_dropout",
                    "router_jitter", "expert_init_scale"]
        let experts = try model.int("experts", default: base?.experts ?? 0, in: 0...4096)
        guard experts > 0 else {
            if let key = keys.first(where: model.has) {
                throw model.problem(key, "\(key) sets up a sparse (Switch) model; add experts: N (at least 2) to the model")
            }
            return nil
        }
        guard experts >= 2 else { throw model.problem("experts", "a sparse model needs at least 2 experts (0 or no key: dense)") }
        var s = base ?? SwitchShape(experts: experts)
        s.experts = experts
        s.sparseEvery = try model.int("sparse_every", default: s.sparseEvery, in: 1...1024)
        s.capacityFactor = try model.double("capacity_factor", default: s.capacityFactor, in: 0.01...1024)
        s.evaluationCapacityFactor = try model.double("eval_capacity_factor", default: s.evaluationCapacityFactor, in: 0.01...1024)
        s.loadBalancingWeight = try model.double("load_balancing_loss", default: s.loadBalancingWeight, in: 0...100)
        s.routerZLossWeight = try model.double("router_z_loss", default: s.routerZLossWeight, in: 0...100)
        if model.has("expert_dropout") { s.expertDropout = try model.double("expert_dropout", default: 0, in: 0...0.99) }
        s.routerJitter = try model.double("router_jitter", default: s.routerJitter, in: 0...0.99)
        s.initializationScale = try model.double("expert_init_scale", default: s.initializationScale, in: 1e-6...100)
        return s
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
