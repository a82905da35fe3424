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
    public typealias Activations = MaskedLMActivations<T>

    /// Logits (`positions.count × vocabulary`) at `positions` of the flat `batch × length` grid.
    @inlinable
    public func forward<G: RandomNumberGenerator>(_ ids: [Int32], batch: Int, length: Int, keep: [Bool], positions: [Int],
                                                  dropout: Double, generator random: inout G) -> (logits: [T], activations: Activations) {
        MaskedLMPass.forward(embeddings: embeddings, encoder: encoder, head: head, ids: ids, batch: batch, length: length,
                             keep: keep, positions: positions, dropout: dropout, generator: &random)
    }

    /// Adds every gradient to `gradients`.
    @inlinable
    public func backward(_ dLogits: [T], ids: [Int32], batch: Int, length: Int, positions: [Int],
                         activations a: Activations, gradients g: inout MaskedLanguageModel) {
        MaskedLMPass.backward(dLogits, embeddings: embeddings, encoder: encoder, head: head, ids: ids, batch: batch, length: length,
                              positions: positions, activations: a, dEmbeddings: &g.embeddings, dEncoder: &g.encoder, dHead: &g.head)
    }
}
