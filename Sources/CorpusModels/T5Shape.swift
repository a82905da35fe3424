/// The sizes of a T5 encoder-decoder (or of a decoder-only model on the same blocks).
public struct T5Shape: Codable, Sendable, Equatable {
    /// The feed-forward block: T5's `ReLU(x Wᵢ) Wₒ`, or T5.1.1's `(GELU(x W₀) ⊙ x W₁) Wₒ`.
    public enum FeedForwardKind: String, Codable, Sendable, CaseIterable {
        /// The original T5's.
        case relu
        /// T5.1.1's gated GELU (tanh approximation).
        case gatedGELU = "gated-gelu"
    }

    /// Token ids (the shards' tokenizer's vocabulary size).
    public var vocabulary: Int
    /// `d_model`, the width of the hidden states.
    public var width: Int
    /// Attention heads and each head's width (`d_kv`); their product need not equal `width`.
    public var heads: Int, headWidth: Int
    /// `d_ff`, the feed-forward's inner width.
    public var feedForward: Int
    /// Blocks in the encoder (0 for a decoder-only model) and in the decoder.
    public var encoderLayers: Int, decoderLayers: Int
    /// Relative position buckets (32) and the distance where they stop growing (128).
    public var buckets: Int, maximumDistance: Int
    /// Which feed-forward block.
    public var feedForwardKind: FeedForwardKind
    /// Whether the output layer reuses the token table (then hidden states are scaled by
    /// `width^-0.5` first, as T5 does), or has its own `lm_head` (T5.1.1).
    public var tiedEmbeddings: Bool
    /// The Switch Transformer settings when some feed-forwards are sparse (mixtures of
    /// experts), nil for a dense T5 (and then absent from the encoded settings).
    public var sparse: SwitchShape?

    /// A shape with T5's position buckets.
    public init(vocabulary: Int, width: Int, heads: Int, headWidth: Int, feedForward: Int, encoderLayers: Int, decoderLayers: Int,
                buckets: Int = 32, maximumDistance: Int = 128, feedForwardKind: FeedForwardKind = .relu, tiedEmbeddings: Bool = true,
                sparse: SwitchShape? = nil) {
        self.vocabulary = vocabulary
        self.width = width
        self.heads = heads
        self.headWidth = headWidth
        self.feedForward = feedForward
        self.encoderLayers = encoderLayers
        self.decoderLayers = decoderLayers
        self.buckets = buckets
        self.maximumDistance = maximumDistance
        self.feedForwardKind = feedForwardKind
        self.tiedEmbeddings = tiedEmbeddings
        self.sparse = sparse
    }

    /// Whether block `index` of a stack has a sparse (Switch) feed-forward.
    public func isSparse(block index: Int) -> Bool { sparse?.isSparse(block: index) ?? false }

    /// The attention's inner width, `heads × headWidth`.
    public var inner: Int { heads * headWidth }

    /// T5-small: d_model 512, 6 + 6 blocks, 8 heads of 64, d_ff 2048, ReLU, tied embeddings.
    public static func small(vocabulary: Int) -> T5Shape {
        T5Shape(vocabulary: vocabulary, width: 512, heads: 8, headWidth: 64, feedForward: 2048, encoderLayers: 6, decoderLayers: 6)
    }

    /// The reasons this shape cannot be built, empty when it can.
    public func problems() -> [String] {
        var problems: [String] = []
        if vocabulary < 2 { problems.append("vocabulary must be at least 2 (got \(vocabulary))") }
        if width < 1 || heads < 1 || headWidth < 1 || feedForward < 1 {
            problems.append("d_model, heads, d_kv and d_ff must be at least 1 (got \(width), \(heads), \(headWidth), \(feedForward))")
        }
        if encoderLayers < 0 || decoderLayers < 1 {
            problems.append("encoder_layers must not be negative and decoder_layers must be at least 1 (got \(encoderLayers), \(decoderLayers))")
        }
        if buckets < 4 || buckets % 2 != 0 { problems.append("relative_buckets must be an even number of at least 4 (got \(buckets))") }
        if maximumDistance <= buckets / 2 {
            problems.append("relative_max_distance must exceed relative_buckets / 2 (got \(maximumDistance) with \(buckets) buckets)")
        }
        if let sparse {
            problems += sparse.problems()
            if sparse.sparseEvery >= 1 && !(0..<max(encoderLayers, decoderLayers)).contains(where: sparse.isSparse(block:)) {
                problems.append("sparse_every \(sparse.sparseEvery) makes no block sparse in \(encoderLayers) + \(decoderLayers) blocks (block i is sparse when i % sparse_every == 1)")
            }
        }
        return problems
    }
}
