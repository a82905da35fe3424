/// Floating-point operations in the matrix products of one training step, counted from the
/// shapes: 2 per multiply-add, and backward twice forward (∂input and ∂weight products), so a
/// step is 3 × forward. Element-wise work (GELU, layer norm, softmax, the optimizer) is left
/// out: it is what a step spends beside the products, not work a faster product would remove.
public struct StepFLOPs: Sendable, Equatable {
    /// Products with weight matrices: the linear layers and the generator's output layer over
    /// the vocabulary (PyTorch's count: 6 × weights × rows for each `nn.Linear`).
    public var linear: Double
    /// Attention's own products, Q Kᵀ and P V per (sequence, head).
    public var attention: Double

    /// Both.
    public var total: Double { linear + attention }

    /// An ELECTRA step on `batch` sequences of `length` tokens with `predictions` masked
    /// positions in all (the generator's head runs only there): generator and discriminator
    /// forward and backward, as ELECTRA's own count (`flops_computation.py`) adds both.
    public init(electra shape: ElectraShape, batch: Int, length: Int, predictions: Int) {
        var linear = 0.0, attention = 0.0
        for stack in [shape.discriminator, shape.generator] {
            let products = Self.encoder(stack, embedding: shape.embedding, batch: batch, length: length)
            linear += products.linear
            attention += products.attention
        }
        let rows = Double(batch * length)
        let discriminator = Double(shape.discriminator.hidden), generator = Double(shape.generator.hidden)
        let width = Double(shape.embedding), positions = Double(predictions)
        linear += 2 * rows * discriminator * (discriminator + 1)
        linear += 2 * positions * (generator * width + width * Double(shape.vocabulary))
        self.linear = 3 * linear
        self.attention = 3 * attention
    }

    /// A masked-LM step (BERT's objective on the ELECTRA-shaped encoder, the `mlm` baseline):
    /// the discriminator-sized encoder over every position, no generator, and the masked-LM
    /// head (a dense layer to the embedding width, then the output layer over the vocabulary)
    /// on the `predictions` masked positions only.
    public init(maskedLM shape: ElectraShape, batch: Int, length: Int, predictions: Int) {
        let products = Self.encoder(shape.discriminator, embedding: shape.embedding, batch: batch, length: length)
        let hidden = Double(shape.discriminator.hidden), width = Double(shape.embedding)
        let head = 2 * Double(predictions) * (hidden * width + width * Double(shape.vocabulary))
        linear = 3 * (products.linear + head)
        attention = 3 * products.attention
    }

    /// Forward products of one encoder stack: the embedding projection when the widths differ,
    /// Q, K, V, the output projection and the feed-forward block's two layers per layer, and
    /// attention's Q Kᵀ and P V (per sequence and head 2 · length² · headWidth multiply-adds;
    /// heads × headWidth = hidden).
    private static func encoder(_ stack: EncoderShape, embedding: Int, batch: Int, length: Int) -> (linear: Double, attention: Double) {
        let rows = Double(batch * length), hidden = Double(stack.hidden), feedForward = Double(stack.feedForward)
        var linear = embedding != stack.hidden ? 2 * rows * Double(embedding) * hidden : 0
        linear += Double(stack.layers) * (4 * 2 * rows * hidden * hidden + 2 * 2 * rows * hidden * feedForward)
        let attention = Double(stack.layers) * 2 * 2 * Double(batch) * Double(length * length) * hidden
        return (linear, attention)
    }

    /// A T5 encoder-decoder step on `batch` sequences of `inputLength` encoder and
    /// `targetLength` decoder positions (padding counted: the products run over it). A Switch
    /// block's feed-forward counts one expert per token, as a dense one of the same d_ff (every
    /// token at most once: tokens dropped for capacity do less), plus the router's `width ×
    /// experts` product; so a sparse T5 costs its dense twin plus the routers.
    public init(t5 shape: T5Shape, batch: Int, inputLength: Int, targetLength: Int) {
        let encoderRows = Double(batch * inputLength), decoderRows = Double(batch * targetLength)
        let width = Double(shape.width), inner = Double(shape.inner)
        let matrices = shape.feedForwardKind == .gatedGELU ? 3.0 : 2.0
        func feedForward(_ rows: Double, block: Int) -> Double {
            let dense = 2 * rows * matrices * width * Double(shape.feedForward)
            guard let sparse = shape.sparse, shape.isSparse(block: block) else { return dense }
            return dense + 2 * rows * width * Double(sparse.experts)
        }
        var linear = 0.0, attention = 0.0
        for block in 0..<shape.encoderLayers {
            linear += 4 * 2 * encoderRows * width * inner + feedForward(encoderRows, block: block)
            attention += 2 * 2 * Double(batch) * Double(inputLength * inputLength) * inner
        }
        for block in 0..<shape.decoderLayers {
            // Self-attention's four projections; cross-attention's query and output on the decoder's rows, key and value on the encoder's.
            linear += 4 * 2 * decoderRows * width * inner + 2 * 2 * decoderRows * width * inner + 2 * 2 * encoderRows * width * inner
            linear += feedForward(decoderRows, block: block)
            attention += 2 * 2 * Double(batch) * Double(targetLength * targetLength + targetLength * inputLength) * inner
        }
        linear += 2 * decoderRows * width * Double(shape.vocabulary)
        self.linear = 3 * linear
        self.attention = 3 * attention
    }
}
