import CorpusTensors

/// A T5 encoder or decoder: dropout on the embedded tokens, the blocks (sharing one relative
/// position bias, computed for the first block), a final RMS norm and dropout.
public struct T5Stack<T: TensorScalar>: Sendable, Parameterized {
    /// The sizes.
    public let shape: T5Shape
    /// How offsets map to buckets: bidirectional in the encoder, causal in a decoder.
    public let positions: RelativePositions
    /// Whether blocks attend to an encoder's output (the decoder of an encoder-decoder).
    public let crossAttends: Bool
    /// The bias per bucket and head, `[buckets, heads]`.
    public var relativeBias: [T]
    /// The blocks, first to last, and the final norm's gain.
    public var blocks: [T5Block<T>], finalNorm: [T]

    /// An encoder (`causal` false) or a decoder, with `layers` blocks, initialized as T5 does
    /// (the relative bias N(0, 1/width)).
    public init<G: RandomNumberGenerator>(shape: T5Shape, layers: Int, causal: Bool, crossAttends: Bool, generator: inout G) {
        self.shape = shape
        positions = RelativePositions(buckets: shape.buckets, maximumDistance: shape.maximumDistance, bidirectional: !causal)
        self.crossAttends = crossAttends
        relativeBias = Initialization.normal(count: shape.buckets * shape.heads, deviation: (1 / Double(shape.width)).squareRoot(),
                                             generator: &generator)
        blocks = (0..<layers).map { T5Block(shape: shape, cross: crossAttends, sparse: shape.isSparse(block: $0), generator: &generator) }
        finalNorm = [T](repeating: 1, count: shape.width)
    }

    /// Whether self-attention is causal.
    public var causal: Bool { !positions.bidirectional }

    /// The weights, named below HuggingFace's `encoder.` / `decoder.`.
    @inlinable
    public mutating func visit(_ body: (String, [Int], inout [T], Bool) -> Void) {
        for index in blocks.indices {
            blocks[index].visit { name, size, tensor, decays in body("block.\(index).\(name)", size, &tensor, decays) }
            if index == 0 {
                body("block.0.layer.0.SelfAttention.relative_attention_bias.weight", [shape.buckets, shape.heads], &relativeBias, false)
            }
        }
        body("final_layer_norm.weight", [shape.width], &finalNorm, false)
    }

    /// What backward needs.
    public struct Activations {
        @usableFromInline var embeddingMask: [T]
        @usableFromInline var pairBuckets: [Int32]
        @usableFromInline var blocks: [T5Block<T>.Activations]
        @usableFromInline var last: [T]
        @usableFromInline var reciprocal: [T]
        @usableFromInline var outputMask: [T]

        /// What the stack's sparse feed-forwards did (empty for a dense stack).
        public var routing: RoutingStatistics {
            var sum = RoutingStatistics(experts: 0)
            for block in blocks { if let sparse = block.sparseActivations { sum.add(sparse.routing.statistics) } }
            return sum
        }

        @usableFromInline init(embeddingMask: [T], pairBuckets: [Int32], blocks: [T5Block<T>.Activations], last: [T], reciprocal: [T], outputMask: [T]) {
            self.embeddingMask = embeddingMask
            self.pairBuckets = pairBuckets
            self.blocks = blocks
            self.last = last
            self.reciprocal = reciprocal
            self.outputMask = outputMask
        }
    }

    /// The blocks' inputs for sequences of `length` positions (`keep` false at padding), and
    /// for a decoder the encoder's output.
    @inlinable
    func inputs(batch: Int, length: Int, keep: [Bool], bias: [T], memory: [T]?, memoryLength: Int, memoryKeep: [Bool]) -> T5Block<T>.Inputs {
        T5Block<T>.Inputs(batch: batch, length: length, keep: keep, bias: bias, causal: causal, memory: memory,
                          memoryLength: memoryLength, memoryKeep: memoryKeep)
    }

    /// Hidden states (`batch × length × width`) for embedded tokens of the same shape;
    /// `training` as in `T5Block.forward`.
    @inlinable
    public func forward<G: RandomNumberGenerator>(_ embedded: [T], batch: Int, length: Int, keep: [Bool], memory: [T]? = nil,
                                                  memoryLength: Int = 0, memoryKeep: [Bool] = [], dropout: Double, training: Bool,
                                                  generator: inout G) -> (y: [T], activations: Activations) {
        precondition(crossAttends == (memory != nil), "T5Stack: a decoder needs the encoder's output, an encoder takes none")
        let pairBuckets = positions.buckets(queryLength: length, keyLength: length)
        let bias = RelativePositions.bias(table: relativeBias, heads: shape.heads, pairBuckets: pairBuckets)
        let blockInputs = inputs(batch: batch, length: length, keep: keep, bias: bias, memory: memory, memoryLength: memoryLength, memoryKeep: memoryKeep)
        let embeddingMask: [T] = Dropout.mask(count: embedded.count, rate: dropout, generator: &generator)
        var x = Dropout.forward(embedded, mask: embeddingMask)
        var caches: [T5Block<T>.Activations] = []
        caches.reserveCapacity(blocks.count)
        for block in blocks {
            let (y, cache) = block.forward(x, inputs: blockInputs, dropout: dropout, training: training, generator: &generator)
            caches.append(cache)
            x = y
        }
        let (normed, reciprocal) = RMSNorm.forward(x, gain: finalNorm, rows: batch * length, width: shape.width, epsilon: 1e-6)
        let outputMask: [T] = Dropout.mask(count: normed.count, rate: dropout, generator: &generator)
        let y = Dropout.forward(normed, mask: outputMask)
        return (y, Activations(embeddingMask: embeddingMask, pairBuckets: pairBuckets, blocks: caches, last: x, reciprocal: reciprocal,
                               outputMask: outputMask))
    }

    /// Adds the stack's gradients to `gradients` and the encoder output's to `dMemory` (a
    /// decoder's); returns the gradient of the embedded tokens. `memory` and `memoryKeep` are
    /// forward's.
    @inlinable
    public func backward(_ dy: [T], activations a: Activations, batch: Int, length: Int, keep: [Bool], memory: [T]? = nil,
                         memoryLength: Int = 0, memoryKeep: [Bool] = [], gradients g: inout T5Stack, dMemory: inout [T]) -> [T] {
        let rows = batch * length
        var dNormed = [T](repeating: 0, count: rows * shape.width)
        Dropout.backward(dy, mask: a.outputMask, dx: &dNormed)
        var d = [T](repeating: 0, count: rows * shape.width)
        RMSNorm.backward(dNormed, x: a.last, gain: finalNorm, reciprocal: a.reciprocal, rows: rows, width: shape.width, dx: &d, dGain: &g.finalNorm)
        // The bias is not needed backwards; only its gradient, summed over the blocks.
        let blockInputs = inputs(batch: batch, length: length, keep: keep, bias: [], memory: memory, memoryLength: memoryLength, memoryKeep: memoryKeep)
        var dBias = [T](repeating: 0, count: shape.heads * length * length)
        for index in blocks.indices.reversed() {
            d = blocks[index].backward(d, activations: a.blocks[index], inputs: blockInputs, gradients: &g.blocks[index],
                                       dBias: &dBias, dMemory: &dMemory)
        }
        RelativePositions.backward(dBias, heads: shape.heads, pairBuckets: a.pairBuckets, dTable: &g.relativeBias)
        var dEmbedded = [T](repeating: 0, count: rows * shape.width)
        Dropout.backward(d, mask: a.embeddingMask, dx: &dEmbedded)
        return dEmbedded
    }
}
