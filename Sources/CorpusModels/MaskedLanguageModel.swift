import CorpusTensors

/// BERT-style masked LM, the baseline ELECTRA is compared with: the same embeddings and encoder
/// as ELECTRA's discriminator, with a masked-LM head tied to the token table.
public struct MaskedLanguageModel<T: TensorScalar>: Sendable, Parameterized {
    /// The sizes (the `generator` stack is not used).
    public let shape: ElectraShape
    /// Token, position and type tables and their layer norm.
    public var embeddings: Embeddings<T>
    /// The encoder stack (the discriminator's sizes) and the masked-LM head.
    public var encoder: Encoder<T>, head: MaskedLMHead<T>

    /// A model with weights drawn from N(0, deviation²).
    public init<G: RandomNumberGenerator>(shape: ElectraShape, deviation: Double = 0.02, generator random: inout G) {
        self.shape = shape
        embeddings = Embeddings(vocabulary: shape.vocabulary, width: shape.embedding, maximumLength: shape.maximumLength,
                                deviation: deviation, generator: &random)
        encoder = Encoder(embedding: shape.embedding, shape: shape.discriminator, deviation: deviation, generator: &random)
        head = MaskedLMHead(hidden: shape.discriminator.hidden, width: shape.embedding, vocabulary: shape.vocabulary,
                            deviation: deviation, generator: &random)
    }

    /// Every tensor, named as in HuggingFace's `ElectraForMaskedLM`.
    @inlinable
    public mutating func visit(_ body: (String, [Int], inout [T], Bool) -> Void) {
        embeddings.visit { name, size, tensor, decays in body("electra.embeddings.\(name)", size, &tensor, decays) }
        encoder.visit { name, size, tensor, decays in body("electra.\(name)", size, &tensor, decays) }
        head.visit { name, size, tensor, decays in body(name, size, &tensor, decays) }
    }

    /// What backward needs.
    public struct Activations {
        @usableFromInline var embedded: Embeddings<T>.Activations
        @usableFromInline var encoder: Encoder<T>.Activations
        @usableFromInline var head: MaskedLMHead<T>.Activations

        @usableFromInline init(embedded: Embeddings<T>.Activations, encoder: Encoder<T>.Activations, head: MaskedLMHead<T>.Activations) {
            self.embedded = embedded
            self.encoder = encoder
            self.head = head
        }
    }

    /// Logits (`positions.count × vocabulary`) at `positions` of the flat `batch × length` grid.
    @inlinable
    public func forward<G: RandomNumberGenerator>(_ ids: [Int32], batch: Int, length: Int, keep: [Bool], positions: [Int],
                                                  dropout: Double, generator random: inout G) -> (logits: [T], activations: Activations) {
        let (embedded, embeddingCache) = embeddings.forward(ids, batch: batch, length: length, dropout: dropout, generator: &random)
        let (hidden, encoderCache) = encoder.forward(embedded, batch: batch, length: length, keep: keep, dropout: dropout, generator: &random)
        let width = shape.discriminator.hidden
        var gathered = [T](repeating: 0, count: positions.count * width)
        for (row, position) in positions.enumerated() {
            for c in 0..<width { gathered[row * width + c] = hidden[position * width + c] }
        }
        let (logits, headCache) = head.forward(gathered, rows: positions.count, table: embeddings.tokens)
        return (logits, Activations(embedded: embeddingCache, encoder: encoderCache, head: headCache))
    }

    /// Adds every gradient to `gradients`.
    @inlinable
    public func backward(_ dLogits: [T], ids: [Int32], batch: Int, length: Int, positions: [Int],
                         activations a: Activations, gradients g: inout MaskedLanguageModel) {
        let dGathered = head.backward(dLogits, activations: a.head, rows: positions.count, table: embeddings.tokens,
                                      gradients: &g.head, dTable: &g.embeddings.tokens)
        let width = shape.discriminator.hidden
        var dHidden = [T](repeating: 0, count: batch * length * width)
        for (row, position) in positions.enumerated() {
            for c in 0..<width { dHidden[position * width + c] += dGathered[row * width + c] }
        }
        let dEmbedded = encoder.backward(dHidden, activations: a.encoder, batch: batch, length: length, gradients: &g.encoder)
        embeddings.backward(dEmbedded, ids: ids, activations: a.embedded, batch: batch, length: length, gradients: &g.embeddings)
    }
}
