/// The sizes of one transformer encoder stack.
public struct EncoderShape: Codable, Sendable, Equatable {
    /// Width of the hidden states.
    public var hidden: Int
    /// Encoder layers.
    public var layers: Int
    /// Attention heads per layer (`hidden` must be a multiple).
    public var heads: Int
    /// Width of the feed-forward block.
    public var feedForward: Int

    /// A stack of these sizes.
    public init(hidden: Int, layers: Int, heads: Int, feedForward: Int) {
        self.hidden = hidden
        self.layers = layers
        self.heads = heads
        self.feedForward = feedForward
    }

    /// The reasons these sizes cannot make a model, empty when they can; `name` prefixes each.
    @inlinable
    public func problems(_ name: String) -> [String] {
        var problems: [String] = []
        if hidden < 1 { problems.append("\(name).hidden must be at least 1 (got \(hidden))") }
        if layers < 1 { problems.append("\(name).layers must be at least 1 (got \(layers))") }
        if heads < 1 { problems.append("\(name).heads must be at least 1 (got \(heads))") }
        if feedForward < 1 { problems.append("\(name).feed_forward must be at least 1 (got \(feedForward))") }
        if heads >= 1, hidden >= 1, hidden % heads != 0 {
            problems.append("\(name).hidden \(hidden) is not a multiple of \(name).heads \(heads)")
        }
        return problems
    }

    enum CodingKeys: String, CodingKey {
        case hidden, layers, heads
        case feedForward = "feed_forward"
    }
}

/// The sizes of an ELECTRA pair (or of the MLM baseline, which uses only the discriminator's
/// stack): shared embeddings, a discriminator and a smaller generator.
public struct ElectraShape: Codable, Sendable, Equatable {
    /// Vocabulary size (the tokenizer's).
    public var vocabulary: Int
    /// Width of the shared embeddings (ELECTRA-Small: 128, projected to the hidden width).
    public var embedding: Int
    /// Longest sequence (rows of the position table).
    public var maximumLength: Int
    /// The discriminator's stack (and the MLM baseline's).
    public var discriminator: EncoderShape
    /// The generator's stack.
    public var generator: EncoderShape

    /// A pair of these sizes.
    public init(vocabulary: Int, embedding: Int, maximumLength: Int, discriminator: EncoderShape, generator: EncoderShape) {
        self.vocabulary = vocabulary
        self.embedding = embedding
        self.maximumLength = maximumLength
        self.discriminator = discriminator
        self.generator = generator
    }

    /// The generator ELECTRA pairs with a discriminator: `fraction` of its hidden and
    /// feed-forward widths, one head per 64 hidden units (at least one), the same depth.
    @inlinable
    public static func generator(for discriminator: EncoderShape, fraction: Double) -> EncoderShape {
        let hidden = max(1, Int((Double(discriminator.hidden) * fraction).rounded()))
        return EncoderShape(hidden: hidden, layers: discriminator.layers, heads: max(1, hidden / 64),
                            feedForward: max(1, Int((Double(discriminator.feedForward) * fraction).rounded())))
    }

    /// The reasons these sizes cannot make a model, empty when they can.
    @inlinable
    public func problems() -> [String] {
        var problems: [String] = []
        if vocabulary < 8 { problems.append("vocabulary must be at least 8 (got \(vocabulary))") }
        if embedding < 1 { problems.append("embedding must be at least 1 (got \(embedding))") }
        if maximumLength < 2 { problems.append("maximum_length must be at least 2 (got \(maximumLength))") }
        return problems + discriminator.problems("discriminator") + generator.problems("generator")
    }

    enum CodingKeys: String, CodingKey {
        case vocabulary, embedding, discriminator, generator
        case maximumLength = "maximum_length"
    }
}
