import CorpusTensors

/// A pretrained ELECTRA discriminator (or MLM baseline) encoder with a classification head on
/// the first token of each sequence (`[CLS]`): HuggingFace's `ElectraForSequenceClassification`.
public struct ElectraClassifier<T: TensorScalar>: Sendable, Parameterized {
    /// The sizes of the embeddings and of the encoder (the `discriminator` stack).
    public let shape: ElectraShape
    /// Token, position and type tables and their layer norm.
    public var embeddings: Embeddings<T>
    /// The encoder stack.
    public var encoder: Encoder<T>
    /// The classification head.
    public var head: ClassificationHead<T>

    /// A classifier with every weight drawn from N(0, deviation²): the encoder's are meant to be
    /// replaced by pretrained ones (`replacing`), the head's stay.
    public init<G: RandomNumberGenerator>(shape: ElectraShape, classes: Int, deviation: Double = 0.02, generator random: inout G) {
        self.shape = shape
        embeddings = Embeddings(vocabulary: shape.vocabulary, width: shape.embedding, maximumLength: shape.maximumLength,
                                deviation: deviation, generator: &random)
        encoder = Encoder(embedding: shape.embedding, shape: shape.discriminator, deviation: deviation, generator: &random)
        head = ClassificationHead(hidden: shape.discriminator.hidden, classes: classes, deviation: deviation, generator: &random)
    }

    /// Every tensor, named as in HuggingFace's `ElectraForSequenceClassification`: `electra.…`
    /// for the pretrained encoder, `classifier.…` for the head.
    @inlinable
    public mutating func visit(_ body: (String, [Int], inout [T], Bool) -> Void) {
        embeddings.visit { name, size, tensor, decays in body("electra.embeddings.\(name)", size, &tensor, decays) }
        encoder.visit { name, size, tensor, decays in body("electra.\(name)", size, &tensor, decays) }
        head.visit { name, size, tensor, decays in body("classifier.\(name)", size, &tensor, decays) }
    }

    /// What backward needs.
    public struct Activations {
        @usableFromInline var embedded: Embeddings<T>.Activations
        @usableFromInline var encoder: Encoder<T>.Activations
        @usableFromInline var head: ClassificationHead<T>.Activations

        @usableFromInline init(embedded: Embeddings<T>.Activations, encoder: Encoder<T>.Activations, head: ClassificationHead<T>.Activations) {
            self.embedded = embedded
            self.encoder = encoder
            self.head = head
        }
    }

    /// Logits (`batch × classes`) for `ids` (`batch × length`, each sequence starting with
    /// `[CLS]`), with token `types` (empty: all 0) and `keep` false at padding.
    @inlinable
    public func forward<G: RandomNumberGenerator>(_ ids: [Int32], types: [Int32] = [], batch: Int, length: Int, keep: [Bool],
                                                  dropout: Double, generator random: inout G) -> (logits: [T], activations: Activations) {
        let (embedded, embeddingCache) = embeddings.forward(ids, types: types, batch: batch, length: length, dropout: dropout, generator: &random)
        let (hidden, encoderCache) = encoder.forward(embedded, batch: batch, length: length, keep: keep, dropout: dropout, generator: &random)
        let width = shape.discriminator.hidden
        var pooled = [T](repeating: 0, count: batch * width)
        for b in 0..<batch {
            for c in 0..<width { pooled[b * width + c] = hidden[b * length * width + c] }
        }
        let (logits, headCache) = head.forward(pooled, rows: batch, dropout: dropout, generator: &random)
        return (logits, Activations(embedded: embeddingCache, encoder: encoderCache, head: headCache))
    }

    /// Adds every gradient to `gradients`, given ∂L/∂logits; `ids` and `types` are forward's.
    @inlinable
    public func backward(_ dLogits: [T], ids: [Int32], types: [Int32] = [], batch: Int, length: Int, activations a: Activations,
                         gradients g: inout ElectraClassifier) {
        let width = shape.discriminator.hidden
        let dPooled = head.backward(dLogits, activations: a.head, rows: batch, gradients: &g.head)
        var dHidden = [T](repeating: 0, count: batch * length * width)
        for b in 0..<batch {
            for c in 0..<width { dHidden[b * length * width + c] = dPooled[b * width + c] }
        }
        let dEmbedded = encoder.backward(dHidden, activations: a.encoder, batch: batch, length: length, gradients: &g.encoder)
        embeddings.backward(dEmbedded, ids: ids, types: types, activations: a.embedded, batch: batch, length: length, gradients: &g.embeddings)
    }
}
