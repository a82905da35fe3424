import CorpusTensors

/// A decoder-only causal language model on T5's blocks (the GPT-style baseline): token table,
/// a causal stack with relative positions and no cross-attention, and logits from the token
/// table scaled by `width^-0.5` (tied) or from a separate `lm_head`.
public struct DecoderLanguageModel<T: TensorScalar>: Sendable, Parameterized {
    /// The sizes (`decoderLayers` blocks; `encoderLayers` unused).
    public let shape: T5Shape
    /// The token table, `[vocabulary, width]`.
    public var shared: [T]
    /// The causal stack.
    public var decoder: T5Stack<T>
    /// The output layer when not tied, else empty.
    public var outputHead: [T]

    /// A model initialized as T5 initializes its decoder.
    public init<G: RandomNumberGenerator>(shape: T5Shape, generator: inout G) {
        self.shape = shape
        shared = Initialization.normal(count: shape.vocabulary * shape.width, deviation: 1, generator: &generator)
        decoder = T5Stack(shape: shape, layers: shape.decoderLayers, causal: true, crossAttends: false, generator: &generator)
        outputHead = shape.tiedEmbeddings ? [] : Initialization.normal(count: shape.vocabulary * shape.width, deviation: 1, generator: &generator)
    }

    /// Every tensor, with T5's names for the decoder half.
    @inlinable
    public mutating func visit(_ body: (String, [Int], inout [T], Bool) -> Void) {
        body("shared.weight", [shape.vocabulary, shape.width], &shared, true)
        decoder.visit { name, size, tensor, decays in body("decoder.\(name)", size, &tensor, decays) }
        if !shape.tiedEmbeddings { body("lm_head.weight", [shape.vocabulary, shape.width], &outputHead, true) }
    }

    /// What backward needs.
    public struct Activations {
        @usableFromInline var decoder: T5Stack<T>.Activations
        @usableFromInline var scaled: [T]

        /// What the sparse feed-forwards did (empty for a dense model); the loss the backward
        /// pass differentiates is the caller's plus `routing.auxiliaryLoss`.
        public var routing: RoutingStatistics { decoder.routing }

        @usableFromInline init(decoder: T5Stack<T>.Activations, scaled: [T]) {
            self.decoder = decoder
            self.scaled = scaled
        }
    }


    /// Logits `batch × length × vocabulary` for `batch × length` ids (`keep` false at padding);
    /// `training` as in `T5Model.forward`.
    @inlinable
    public func forward<G: RandomNumberGenerator>(_ ids: [Int32], batch: Int, length: Int, keep: [Bool], dropout: Double,
                                                  training: Bool = false, generator: inout G) -> (logits: [T], activations: Activations) {
        let (states, decoded) = decoder.forward(Embedding.forward(ids, table: shared, width: shape.width), batch: batch, length: length,
                                                keep: keep, dropout: dropout, training: training, generator: &generator)
        let (logits, scaled) = T5Output.forward(states, shape: shape, shared: shared, head: outputHead, rows: batch * length)
        return (logits, Activations(decoder: decoded, scaled: scaled))
    }

    /// Adds every gradient to `gradients`, given ∂L/∂logits.
    @inlinable
    public func backward(_ dLogits: [T], ids: [Int32], batch: Int, length: Int, keep: [Bool], activations a: Activations,
                         gradients g: inout DecoderLanguageModel) {
        let rows = batch * length, width = shape.width
        let dStates = T5Output.backward(dLogits, scaled: a.scaled, shape: shape, shared: shared, head: outputHead, rows: rows,
                                        dShared: &g.shared, dHead: &g.outputHead)
        var none: [T] = []
        let dEmbedded = decoder.backward(dStates, activations: a.decoder, batch: batch, length: length, keep: keep, gradients: &g.decoder, dMemory: &none)
        Embedding.backward(dEmbedded, ids: ids, width: width, dTable: &g.shared)
    }
}
