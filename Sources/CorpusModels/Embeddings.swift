import CorpusTensors

/// BERT/ELECTRA input embeddings: token + position + token type (segment 0, or per position for
/// sentence pairs), layer-normed, then dropout. Generator and discriminator share the tables and the layer norm; each `Encoder`
/// projects them to its own width when that differs (ELECTRA-Small: 128 → 256).
public struct Embeddings<T: TensorScalar>: Sendable, Parameterized {
    /// Vocabulary size, embedding width and the longest sequence.
    public let vocabulary: Int, width: Int, maximumLength: Int
    /// `[vocabulary, width]`, `[maximumLength, width]` and `[2, width]` tables.
    public var tokens: [T], positions: [T], tokenTypes: [T]
    /// Layer norm over the summed embeddings.
    public var normGain: [T], normBias: [T]

    /// Tables drawn from N(0, deviation²), unit gains, zero biases.
    public init<G: RandomNumberGenerator>(vocabulary: Int, width: Int, maximumLength: Int, deviation: Double, generator: inout G) {
        self.vocabulary = vocabulary
        self.width = width
        self.maximumLength = maximumLength
        tokens = Initialization.normal(count: vocabulary * width, deviation: deviation, generator: &generator)
        positions = Initialization.normal(count: maximumLength * width, deviation: deviation, generator: &generator)
        tokenTypes = Initialization.normal(count: 2 * width, deviation: deviation, generator: &generator)
        normGain = [T](repeating: 1, count: width)
        normBias = [T](repeating: 0, count: width)
    }

    /// Every tensor with its name and whether weight decay applies, in checkpoint order.
    @inlinable
    public mutating func visit(_ body: (String, [Int], inout [T], Bool) -> Void) {
        body("word_embeddings.weight", [vocabulary, width], &tokens, true)
        body("position_embeddings.weight", [maximumLength, width], &positions, true)
        body("token_type_embeddings.weight", [2, width], &tokenTypes, true)
        body("LayerNorm.weight", [width], &normGain, false)
        body("LayerNorm.bias", [width], &normBias, false)
    }

    /// What backward needs.
    public struct Activations {
        @usableFromInline var summed: [T]
        @usableFromInline var norm: LayerNorm.Cache<T>
        @usableFromInline var mask: [T]

        @usableFromInline init(summed: [T], norm: LayerNorm.Cache<T>, mask: [T]) {
            self.summed = summed
            self.norm = norm
            self.mask = mask
        }
    }

    /// Embeddings of `ids` (`batch × length`), `width` values per position. `types` gives each
    /// position's token type (0 or 1: the first or second text of a pair); empty means all 0.
    @inlinable
    public func forward<G: RandomNumberGenerator>(_ ids: [Int32], types: [Int32] = [], batch: Int, length: Int, dropout: Double,
                                                  generator: inout G) -> (y: [T], activations: Activations) {
        precondition(ids.count == batch * length && length <= maximumLength, "Embeddings: \(ids.count) ids, length \(length)")
        precondition(types.isEmpty || types.count == ids.count, "Embeddings: \(types.count) token types for \(ids.count) ids")
        var summed = Embedding.forward(ids, table: tokens, width: width)
        for b in 0..<batch {
            for t in 0..<length {
                let row = (b * length + t) * width
                let type = types.isEmpty ? 0 : Int(types[b * length + t]) * width
                for c in 0..<width { summed[row + c] += positions[t * width + c] + tokenTypes[type + c] }
            }
        }
        let (normed, cache) = LayerNorm.forward(summed, gain: normGain, bias: normBias, rows: batch * length, width: width, epsilon: 1e-12)
        let mask: [T] = Dropout.mask(count: normed.count, rate: dropout, generator: &generator)
        return (Dropout.forward(normed, mask: mask), Activations(summed: summed, norm: cache, mask: mask))
    }

    /// Adds the gradients of the tables and the layer norm to `gradients`; `types` as in forward.
    @inlinable
    public func backward(_ dy: [T], ids: [Int32], types: [Int32] = [], activations a: Activations, batch: Int, length: Int,
                         gradients g: inout Embeddings) {
        var dNormed = [T](repeating: 0, count: dy.count)
        Dropout.backward(dy, mask: a.mask, dx: &dNormed)
        var dSummed = [T](repeating: 0, count: dy.count)
        LayerNorm.backward(dNormed, x: a.summed, gain: normGain, cache: a.norm, rows: batch * length, width: width,
                           dx: &dSummed, dGain: &g.normGain, dBias: &g.normBias)
        Embedding.backward(dSummed, ids: ids, width: width, dTable: &g.tokens)
        for b in 0..<batch {
            for t in 0..<length {
                let row = (b * length + t) * width
                let type = types.isEmpty ? 0 : Int(types[b * length + t]) * width
                for c in 0..<width {
                    g.positions[t * width + c] += dSummed[row + c]
                    g.tokenTypes[type + c] += dSummed[row + c]
                }
            }
        }
    }

}
