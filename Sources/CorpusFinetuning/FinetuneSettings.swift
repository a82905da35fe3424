/// Everything that decides a fine-tuning run's numbers besides the data, the pretrained model
/// and the seed. The defaults are ELECTRA's fine-tuning defaults (`configure_finetuning.py`):
/// lr 1e-4, batch 32, 3 epochs, 128 tokens, weight decay 0.01, 10 % linear warm-up then linear
/// decay, AdamW without bias correction (ε 1e-6), global-norm clipping at 1, dropout 0.1.
public struct FinetuneSettings: Codable, Sendable, Equatable {
    /// The format version of these settings.
    public var version = 1
    /// Peak learning rate.
    public var learningRate = 1e-4
    /// Examples per step.
    public var batchSize = 32
    /// Passes over the train file.
    public var epochs = 3
    /// Tokens per example, special tokens included; longer texts are cut at the end (a pair's
    /// longer text first).
    public var maximumLength = 128
    /// AdamW's decoupled weight decay (not on biases and norms).
    public var weightDecay = 0.01
    /// Share of the steps spent warming up linearly from 0; the rate then falls linearly to 0.
    public var warmupFraction = 0.1
    /// Layer-wise learning-rate decay: the head gets the full rate, the last encoder layer
    /// `decay ×` it, each layer below one more factor, the embeddings the smallest. 1 turns it
    /// off (the default); ELECTRA's code uses 0.8.
    public var layerDecay = 1.0
    /// Dropout in the encoder and the head.
    public var dropout = 0.1
    /// Global gradient-norm clipping threshold.
    public var clipNorm = 1.0
    /// AdamW's ε (ELECTRA: 1e-6; HuggingFace's Trainer: 1e-8). Gradients below it barely move a
    /// weight, which matters for small or barely pretrained encoders.
    public var adamEpsilon = 1e-6
    /// Seeds 1…`seeds` are run; each fixes the head's initial weights, the data order and dropout.
    public var seeds = 1

    /// ELECTRA's defaults.
    public init() {}

    /// The reasons these settings cannot train, empty when they can.
    public func problems() -> [String] {
        var problems: [String] = []
        if version != 1 { problems.append("version must be 1 (got \(version))") }
        if !(learningRate > 0) { problems.append("learning_rate must be above 0 (got \(learningRate))") }
        if batchSize < 1 { problems.append("batch_size must be at least 1 (got \(batchSize))") }
        if epochs < 1 { problems.append("epochs must be at least 1 (got \(epochs))") }
        if maximumLength < 4 { problems.append("max_length must be at least 4 (got \(maximumLength))") }
        if !(weightDecay >= 0) { problems.append("weight_decay must not be negative (got \(weightDecay))") }
        if !(0..<1).contains(warmupFraction) { problems.append("warmup_fraction must be in 0..<1 (got \(warmupFraction))") }
        if !(layerDecay > 0 && layerDecay <= 1) { problems.append("layer_decay must be in (0, 1] (got \(layerDecay))") }
        if !(0..<1).contains(dropout) { problems.append("dropout must be in 0..<1 (got \(dropout))") }
        if !(clipNorm > 0) { problems.append("clip_norm must be above 0 (got \(clipNorm))") }
        if !(adamEpsilon > 0) { problems.append("adam_epsilon must be above 0 (got \(adamEpsilon))") }
        if seeds < 1 { problems.append("seeds must be at least 1 (got \(seeds))") }
        return problems
    }

    enum CodingKeys: String, CodingKey {
        case version, learningRate = "learning_rate", batchSize = "batch_size", epochs, maximumLength = "max_length"
        case weightDecay = "weight_decay", warmupFraction = "warmup_fraction", layerDecay = "layer_decay", dropout
        case clipNorm = "clip_norm", adamEpsilon = "adam_epsilon", seeds
    }

    /// Reads the keys present and keeps the defaults for the others; unknown keys are refused.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        let known = Set(CodingKeys.allKeys)
        if let unknown = container.allKeys.first(where: { !known.contains($0.stringValue) }) {
            throw DecodingError.dataCorruptedError(forKey: unknown, in: container,
                                                   debugDescription: "unknown key \(unknown.stringValue); known: \(CodingKeys.allKeys.sorted().joined(separator: ", "))")
        }
        let values = try decoder.container(keyedBy: CodingKeys.self)
        version = try values.decodeIfPresent(Int.self, forKey: .version) ?? version
        learningRate = try values.decodeIfPresent(Double.self, forKey: .learningRate) ?? learningRate
        batchSize = try values.decodeIfPresent(Int.self, forKey: .batchSize) ?? batchSize
        epochs = try values.decodeIfPresent(Int.self, forKey: .epochs) ?? epochs
        maximumLength = try values.decodeIfPresent(Int.self, forKey: .maximumLength) ?? maximumLength
        weightDecay = try values.decodeIfPresent(Double.self, forKey: .weightDecay) ?? weightDecay
        warmupFraction = try values.decodeIfPresent(Double.self, forKey: .warmupFraction) ?? warmupFraction
        layerDecay = try values.decodeIfPresent(Double.self, forKey: .layerDecay) ?? layerDecay
        dropout = try values.decodeIfPresent(Double.self, forKey: .dropout) ?? dropout
        clipNorm = try values.decodeIfPresent(Double.self, forKey: .clipNorm) ?? clipNorm
        adamEpsilon = try values.decodeIfPresent(Double.self, forKey: .adamEpsilon) ?? adamEpsilon
        seeds = try values.decodeIfPresent(Int.self, forKey: .seeds) ?? seeds
    }
}

extension FinetuneSettings.CodingKeys {
    static var allKeys: [String] {
        ["version", "learning_rate", "batch_size", "epochs", "max_length", "weight_decay", "warmup_fraction", "layer_decay", "dropout",
         "clip_norm", "adam_epsilon", "seeds"]
    }
}

/// Any string key, for finding the unknown ones.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
