import CorpusTensors

/// ELECTRA's generator and discriminator with their shared embeddings: the generator is a small
/// masked LM whose samples replace the masked tokens; the discriminator tells, for every token,
/// whether it was replaced. Only the discriminator is kept after pretraining.
public struct ElectraModel<T: TensorScalar>: Sendable, Parameterized {
    /// The sizes.
    public let shape: ElectraShape
    /// Token, position and type tables and their layer norm, shared by both stacks.
    public var embeddings: Embeddings<T>
    /// The generator's stack and its masked-LM head (tied to the shared token table).
    public var generator: Encoder<T>, generatorHead: MaskedLMHead<T>
    /// The discriminator's stack and its replaced-token head.
    public var discriminator: Encoder<T>, discriminatorHead: DiscriminatorHead<T>

    /// A model with weights drawn from N(0, deviation²) (ELECTRA: 0.02), in a fixed order.
    public init<G: RandomNumberGenerator>(shape: ElectraShape, deviation: Double = 0.02, generator random: inout G) {
        self.shape = shape
        embeddings = Embeddings(vocabulary: shape.vocabulary, width: shape.embedding, maximumLength: shape.maximumLength,
                                deviation: deviation, generator: &random)
        discriminator = Encoder(embedding: shape.embedding, shape: shape.discriminator, deviation: deviation, generator: &random)
        discriminatorHead = DiscriminatorHead(hidden: shape.discriminator.hidden, deviation: deviation, generator: &random)
        generator = Encoder(embedding: shape.embedding, shape: shape.generator, deviation: deviation, generator: &random)
        generatorHead = MaskedLMHead(hidden: shape.generator.hidden, width: shape.embedding, vocabulary: shape.vocabulary,
                                     deviation: deviation, generator: &random)
    }

    /// Every tensor, named as HuggingFace names them below `discriminator.` (an
    /// `ElectraForPreTraining`) and `generator.` (an `ElectraForMaskedLM` without its own
    /// embedding tables, which it shares).
    @inlinable
    public mutating func visit(_ body: (String, [Int], inout [T], Bool) -> Void) {
        embeddings.visit { name, size, tensor, decays in body("discriminator.electra.embeddings.\(name)", size, &tensor, decays) }
        discriminator.visit { name, size, tensor, decays in body("discriminator.electra.\(name)", size, &tensor, decays) }
        discriminatorHead.visit { name, size, tensor, decays in body("discriminator.discriminator_predictions.\(name)", size, &tensor, decays) }
        generator.visit { name, size, tensor, decays in body("generator.electra.\(name)", size, &tensor, decays) }
        generatorHead.visit { name, size, tensor, decays in body("generator.\(name)", size, &tensor, decays) }
    }

    /// What the generator's backward pass needs.
    public typealias GeneratorActivations = MaskedLMActivations<T>

    /// Generator logits (`positions.count × vocabulary`) at `positions` (indices into the flat
    /// `batch × length` grid) of the masked inputs; the head runs only there, as ELECTRA does.
    @inlinable
    public func generatorForward<G: RandomNumberGenerator>(_ ids: [Int32], batch: Int, length: Int, keep: [Bool], positions: [Int],
                                                           dropout: Double, generator random: inout G) -> (logits: [T], activations: GeneratorActivations) {
        MaskedLMPass.forward(embeddings: embeddings, encoder: generator, head: generatorHead, ids: ids, batch: batch, length: length,
                             keep: keep, positions: positions, dropout: dropout, generator: &random)
    }

    /// Adds the generator's gradients (and the shared embeddings') to `gradients`.
    @inlinable
    public func generatorBackward(_ dLogits: [T], ids: [Int32], batch: Int, length: Int, positions: [Int],
                                  activations a: GeneratorActivations, gradients g: inout ElectraModel) {
        MaskedLMPass.backward(dLogits, embeddings: embeddings, encoder: generator, head: generatorHead, ids: ids, batch: batch,
                              length: length, positions: positions, activations: a,
                              dEmbeddings: &g.embeddings, dEncoder: &g.generator, dHead: &g.generatorHead)
    }

    /// What the discriminator's backward pass needs.
    public struct DiscriminatorActivations {
        @usableFromInline var embedded: Embeddings<T>.Activations
        @usableFromInline var encoder: Encoder<T>.Activations
        @usableFromInline var head: DiscriminatorHead<T>.Activations

        @usableFromInline init(embedded: Embeddings<T>.Activations, encoder: Encoder<T>.Activations, head: DiscriminatorHead<T>.Activations) {
            self.embedded = embedded
            self.encoder = encoder
            self.head = head
        }
    }

    /// One replaced-or-original logit per position of `ids` (`batch × length`).
    @inlinable
    public func discriminatorForward<G: RandomNumberGenerator>(_ ids: [Int32], batch: Int, length: Int, keep: [Bool], dropout: Double,
                                                               generator random: inout G) -> (logits: [T], activations: DiscriminatorActivations) {
        let (embedded, embeddingCache) = embeddings.forward(ids, batch: batch, length: length, dropout: dropout, generator: &random)
        let (hidden, encoderCache) = discriminator.forward(embedded, batch: batch, length: length, keep: keep, dropout: dropout, generator: &random)
        let (logits, headCache) = discriminatorHead.forward(hidden, rows: batch * length)
        return (logits, DiscriminatorActivations(embedded: embeddingCache, encoder: encoderCache, head: headCache))
    }

    /// Adds the discriminator's gradients (and the shared embeddings') to `gradients`.
    @inlinable
    public func discriminatorBackward(_ dLogits: [T], ids: [Int32], batch: Int, length: Int,
                                      activations a: DiscriminatorActivations, gradients g: inout ElectraModel) {
        let dHidden = discriminatorHead.backward(dLogits, activations: a.head, rows: batch * length, gradients: &g.discriminatorHead)
        let dEmbedded = discriminator.backward(dHidden, activations: a.encoder, batch: batch, length: length, gradients: &g.discriminator)
        embeddings.backward(dEmbedded, ids: ids, activations: a.embedded, batch: batch, length: length, gradients: &g.embeddings)
    }
}
