import CorpusTensors

/// A pretrained T5 encoder with a linear classification head on the mean of its final hidden
/// states over each sequence's real (non-padding) positions: `logits = W · mean_t(h_t) + b`.
///
/// T5 itself classifies text-to-text, generating the label's words with the decoder; this head
/// is the encoder-only reading (as in sentence-T5's mean pooling), which compares directly with
/// ELECTRA's `[CLS]` head at the same cost. The decoder is not used.
public struct T5EncoderClassifier<T: TensorScalar>: Sendable, Parameterized {
    /// The sizes (the decoder's are ignored).
    public let shape: T5Shape
    /// The number of classes.
    public let classes: Int
    /// The token table, `[vocabulary, width]`.
    public var shared: [T]
    /// The encoder stack.
    public var encoder: T5Stack<T>
    /// The head, `[classes, width]`, and its bias.
    public var weight: [T], bias: [T]

    /// A classifier initialized as T5 initializes its encoder (the token table N(0, 1)), the
    /// head N(0, deviation²) with a zero bias; the encoder's weights are meant to be replaced by
    /// pretrained ones (`replacing`).
    public init<G: RandomNumberGenerator>(shape: T5Shape, classes: Int, deviation: Double = 0.02, generator: inout G) {
        precondition(shape.encoderLayers > 0, "T5EncoderClassifier: the model needs encoder layers")
        precondition(classes >= 2, "T5EncoderClassifier: at least two classes")
        self.shape = shape
        self.classes = classes
        shared = Initialization.normal(count: shape.vocabulary * shape.width, deviation: 1, generator: &generator)
        encoder = T5Stack(shape: shape, layers: shape.encoderLayers, causal: false, crossAttends: false, generator: &generator)
        weight = Initialization.normal(count: classes * shape.width, deviation: deviation, generator: &generator)
        bias = [T](repeating: 0, count: classes)
    }

    /// Every tensor: `shared.weight` and `encoder.…` as in HuggingFace's `T5EncoderModel`, then
    /// `classifier.weight` and `classifier.bias`.
    @inlinable
    public mutating func visit(_ body: (String, [Int], inout [T], Bool) -> Void) {
        body("shared.weight", [shape.vocabulary, shape.width], &shared, true)
        encoder.visit { name, size, tensor, decays in body("encoder.\(name)", size, &tensor, decays) }
        body("classifier.weight", [classes, shape.width], &weight, true)
        body("classifier.bias", [classes], &bias, false)
    }

    /// What backward needs.
    public struct Activations {
        @usableFromInline var encoder: T5Stack<T>.Activations
        @usableFromInline var pooled: [T]
        @usableFromInline var counts: [Int]

        @usableFromInline init(encoder: T5Stack<T>.Activations, pooled: [T], counts: [Int]) {
            self.encoder = encoder
            self.pooled = pooled
            self.counts = counts
        }
    }

    /// Logits (`batch × classes`) for `ids` (`batch × length`, each ending with `</s>`) with
    /// `keep` false at padding; every sequence needs at least one real position. `training`
    /// picks a Switch encoder's training capacity factor, jitter and expert dropout; backward
    /// then also differentiates its routers' auxiliary losses (weight 1), as in pretraining.
    @inlinable
    public func forward<G: RandomNumberGenerator>(_ ids: [Int32], batch: Int, length: Int, keep: [Bool], dropout: Double,
                                                  training: Bool = false, generator: inout G) -> (logits: [T], activations: Activations) {
        let width = shape.width
        let (hidden, encoded) = encoder.forward(Embedding.forward(ids, table: shared, width: width), batch: batch, length: length,
                                                keep: keep, dropout: dropout, training: training, generator: &generator)
        var pooled = [T](repeating: 0, count: batch * width), counts = [Int](repeating: 0, count: batch)
        for b in 0..<batch {
            for t in 0..<length where keep[b * length + t] {
                counts[b] += 1
                for c in 0..<width { pooled[b * width + c] += hidden[(b * length + t) * width + c] }
            }
            precondition(counts[b] > 0, "T5EncoderClassifier: sequence \(b) has no real position")
            let scale = 1 / T(counts[b])
            for c in 0..<width { pooled[b * width + c] *= scale }
        }
        let logits = Linear.forward(pooled, weight: weight, bias: bias, rows: batch, inFeatures: width, outFeatures: classes)
        return (logits, Activations(encoder: encoded, pooled: pooled, counts: counts))
    }

    /// Adds every gradient to `gradients`, given ∂L/∂logits; `ids` and `keep` are forward's.
    @inlinable
    public func backward(_ dLogits: [T], ids: [Int32], batch: Int, length: Int, keep: [Bool], activations a: Activations,
                         gradients g: inout T5EncoderClassifier) {
        let width = shape.width
        var dPooled = [T](repeating: 0, count: batch * width)
        Linear.backward(dLogits, x: a.pooled, weight: weight, rows: batch, inFeatures: width, outFeatures: classes,
                        dx: &dPooled, dWeight: &g.weight, dBias: &g.bias)
        var dHidden = [T](repeating: 0, count: batch * length * width)
        for b in 0..<batch {
            let scale = 1 / T(a.counts[b])
            for t in 0..<length where keep[b * length + t] {
                for c in 0..<width { dHidden[(b * length + t) * width + c] = dPooled[b * width + c] * scale }
            }
        }
        var none: [T] = []
        let dEmbedded = encoder.backward(dHidden, activations: a.encoder, batch: batch, length: length, keep: keep,
                                         gradients: &g.encoder, dMemory: &none)
        Embedding.backward(dEmbedded, ids: ids, width: width, dTable: &g.shared)
    }
}
