import CorpusTensors

/// T5's encoder-decoder: a shared token table, an encoder, a decoder that cross-attends to the
/// encoder's output, and logits over the vocabulary, from the token table scaled by
/// `width^-0.5` (tied, T5) or from a separate `lm_head` (T5.1.1).
public struct T5Model<T: TensorScalar>: Sendable, Parameterized {
    /// The sizes.
    public let shape: T5Shape
    /// The token table, `[vocabulary, width]`.
    public var shared: [T]
    /// The two stacks.
    public var encoder: T5Stack<T>, decoder: T5Stack<T>
    /// The output layer `[vocabulary, width]` when not tied, else empty.
    public var outputHead: [T]

    /// A model initialized as T5 does (token table N(0, 1)).
    public init<G: RandomNumberGenerator>(shape: T5Shape, generator: inout G) {
        precondition(shape.encoderLayers > 0, "T5Model: an encoder-decoder needs encoder layers")
        self.shape = shape
        shared = Initialization.normal(count: shape.vocabulary * shape.width, deviation: 1, generator: &generator)
        encoder = T5Stack(shape: shape, layers: shape.encoderLayers, causal: false, crossAttends: false, generator: &generator)
        decoder = T5Stack(shape: shape, layers: shape.decoderLayers, causal: true, crossAttends: true, generator: &generator)
        outputHead = shape.tiedEmbeddings ? [] : Initialization.normal(count: shape.vocabulary * shape.width, deviation: 1, generator: &generator)
    }

    /// Every tensor, named as in HuggingFace's `T5ForConditionalGeneration`.
    @inlinable
    public mutating func visit(_ body: (String, [Int], inout [T], Bool) -> Void) {
        body("shared.weight", [shape.vocabulary, shape.width], &shared, true)
        encoder.visit { name, size, tensor, decays in body("encoder.\(name)", size, &tensor, decays) }
        decoder.visit { name, size, tensor, decays in body("decoder.\(name)", size, &tensor, decays) }
        if !shape.tiedEmbeddings { body("lm_head.weight", [shape.vocabulary, shape.width], &outputHead, true) }
    }

    /// One batch of encoder-decoder inputs: `batch × inputLength` encoder ids and
    /// `batch × targetLength` decoder ids (the targets shifted right), each with real positions.
    public struct Batch: Sendable, Equatable {
        /// Sequences, and positions per encoder and per decoder sequence.
        public var batch: Int, inputLength: Int, targetLength: Int
        /// Encoder ids and real positions.
        public var inputs: [Int32], inputKeep: [Bool]
        /// Decoder ids and real positions.
        public var decoderInputs: [Int32], decoderKeep: [Bool]

        /// A batch; the id grids must have the declared sizes.
        public init(batch: Int, inputLength: Int, targetLength: Int, inputs: [Int32], inputKeep: [Bool], decoderInputs: [Int32], decoderKeep: [Bool]) {
            precondition(inputs.count == batch * inputLength && inputKeep.count == inputs.count, "T5Model.Batch: encoder shapes")
            precondition(decoderInputs.count == batch * targetLength && decoderKeep.count == decoderInputs.count, "T5Model.Batch: decoder shapes")
            self.batch = batch
            self.inputLength = inputLength
            self.targetLength = targetLength
            self.inputs = inputs
            self.inputKeep = inputKeep
            self.decoderInputs = decoderInputs
            self.decoderKeep = decoderKeep
        }
    }

    /// What backward needs.
    public struct Activations {
        @usableFromInline var encoder: T5Stack<T>.Activations
        @usableFromInline var memory: [T]
        @usableFromInline var decoder: T5Stack<T>.Activations
        @usableFromInline var scaled: [T]

        /// What both stacks' sparse feed-forwards did (empty for a dense model); the loss the
        /// backward pass differentiates is the caller's plus `routing.auxiliaryLoss`.
        public var routing: RoutingStatistics {
            var sum = encoder.routing
            sum.add(decoder.routing)
            return sum
        }

        @usableFromInline init(encoder: T5Stack<T>.Activations, memory: [T], decoder: T5Stack<T>.Activations, scaled: [T]) {
            self.encoder = encoder
            self.memory = memory
            self.decoder = decoder
            self.scaled = scaled
        }
    }


    /// Logits `batch × targetLength × vocabulary`, one row per decoder position. `training`
    /// (default false: evaluation) picks the Switch layers' training capacity factor, router
    /// jitter and expert dropout; a dense model ignores it.
    @inlinable
    public func forward<G: RandomNumberGenerator>(_ b: Batch, dropout: Double, training: Bool = false,
                                                  generator: inout G) -> (logits: [T], activations: Activations) {
        let width = shape.width
        let (memory, encoded) = encoder.forward(Embedding.forward(b.inputs, table: shared, width: width), batch: b.batch,
                                                length: b.inputLength, keep: b.inputKeep, dropout: dropout, training: training, generator: &generator)
        let (states, decoded) = decoder.forward(Embedding.forward(b.decoderInputs, table: shared, width: width), batch: b.batch,
                                                length: b.targetLength, keep: b.decoderKeep, memory: memory, memoryLength: b.inputLength,
                                                memoryKeep: b.inputKeep, dropout: dropout, training: training, generator: &generator)
        let (logits, scaled) = T5Output.forward(states, shape: shape, shared: shared, head: outputHead, rows: b.batch * b.targetLength)
        return (logits, Activations(encoder: encoded, memory: memory, decoder: decoded, scaled: scaled))
    }

    /// Adds every gradient to `gradients`, given ∂L/∂logits (and the routers' auxiliary losses'
    /// gradients, which enter the loss with weight 1).
    @inlinable
    public func backward(_ dLogits: [T], batch b: Batch, activations a: Activations, gradients g: inout T5Model) {
        let width = shape.width, rows = b.batch * b.targetLength
        let dStates = T5Output.backward(dLogits, scaled: a.scaled, shape: shape, shared: shared, head: outputHead, rows: rows,
                                        dShared: &g.shared, dHead: &g.outputHead)
        var dMemory = [T](repeating: 0, count: b.batch * b.inputLength * width), none: [T] = []
        let dDecoderEmbedded = decoder.backward(dStates, activations: a.decoder, batch: b.batch, length: b.targetLength, keep: b.decoderKeep,
                                                memory: a.memory, memoryLength: b.inputLength, memoryKeep: b.inputKeep,
                                                gradients: &g.decoder, dMemory: &dMemory)
        Embedding.backward(dDecoderEmbedded, ids: b.decoderInputs, width: width, dTable: &g.shared)
        let dEncoderEmbedded = encoder.backward(dMemory, activations: a.encoder, batch: b.batch, length: b.inputLength, keep: b.inputKeep,
                                                gradients: &g.encoder, dMemory: &none)
        Embedding.backward(dEncoderEmbedded, ids: b.inputs, width: width, dTable: &g.shared)
    }
}
