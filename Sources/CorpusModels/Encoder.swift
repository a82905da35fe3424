import CorpusTensors

/// A stack of post-LN encoder layers, preceded by a projection from the embedding width to the
/// hidden width when the two differ (ELECTRA's `embeddings_project`).
public struct Encoder<T: TensorScalar>: Sendable, Parameterized {
    /// Width of the embeddings that come in, and the stack's sizes.
    public let embedding: Int, shape: EncoderShape
    /// `[hidden, embedding]` and `[hidden]`, empty when the widths are equal.
    public var projection: [T], projectionBias: [T]
    /// The layers, first to last.
    public var layers: [EncoderLayer<T>]

    /// Whether the stack starts with a projection.
    public var projects: Bool { embedding != shape.hidden }

    /// A stack with weights drawn from N(0, deviation²).
    public init<G: RandomNumberGenerator>(embedding: Int, shape: EncoderShape, deviation: Double, generator: inout G) {
        self.embedding = embedding
        self.shape = shape
        if embedding != shape.hidden {
            projection = Initialization.normal(count: shape.hidden * embedding, deviation: deviation, generator: &generator)
            projectionBias = [T](repeating: 0, count: shape.hidden)
        } else {
            projection = []
            projectionBias = []
        }
        layers = (0..<shape.layers).map { _ in
            EncoderLayer(hidden: shape.hidden, heads: shape.heads, feedForward: shape.feedForward, deviation: deviation, generator: &generator)
        }
    }

    /// Every tensor with its name (HuggingFace's names below `electra.`) and whether weight decay applies.
    @inlinable
    public mutating func visit(_ body: (String, [Int], inout [T], Bool) -> Void) {
        if projects {
            body("embeddings_project.weight", [shape.hidden, embedding], &projection, true)
            body("embeddings_project.bias", [shape.hidden], &projectionBias, false)
        }
        for index in layers.indices {
            layers[index].visit { name, size, tensor, decays in body("encoder.layer.\(index).\(name)", size, &tensor, decays) }
        }
    }

    /// What backward needs.
    public struct Activations {
        @usableFromInline var embedded: [T]
        @usableFromInline var layers: [EncoderLayer<T>.Activations]

        @usableFromInline init(embedded: [T], layers: [EncoderLayer<T>.Activations]) {
            self.embedded = embedded
            self.layers = layers
        }
    }

    /// Hidden states (`batch × length × hidden`) for embedded inputs (`batch × length × embedding`).
    @inlinable
    public func forward<G: RandomNumberGenerator>(_ embedded: [T], batch: Int, length: Int, keep: [Bool], dropout: Double,
                                                  generator: inout G) -> (y: [T], activations: Activations) {
        var x = projects
            ? Linear.forward(embedded, weight: projection, bias: projectionBias, rows: batch * length, inFeatures: embedding, outFeatures: shape.hidden)
            : embedded
        var caches: [EncoderLayer<T>.Activations] = []
        caches.reserveCapacity(layers.count)
        for layer in layers {
            let (y, cache) = layer.forward(x, batch: batch, length: length, keep: keep, dropout: dropout, generator: &generator)
            caches.append(cache)
            x = y
        }
        return (x, Activations(embedded: embedded, layers: caches))
    }

    /// Adds the stack's gradients to `gradients`; returns the gradient of the embedded inputs.
    @inlinable
    public func backward(_ dy: [T], activations a: Activations, batch: Int, length: Int, gradients g: inout Encoder) -> [T] {
        var d = dy
        for index in layers.indices.reversed() {
            d = layers[index].backward(d, activations: a.layers[index], batch: batch, length: length, gradients: &g.layers[index])
        }
        guard projects else { return d }
        var dEmbedded = [T](repeating: 0, count: batch * length * embedding)
        Linear.backward(d, x: a.embedded, weight: projection, rows: batch * length, inFeatures: embedding, outFeatures: shape.hidden,
                        dx: &dEmbedded, dWeight: &g.projection, dBias: &g.projectionBias)
        return dEmbedded
    }
}
