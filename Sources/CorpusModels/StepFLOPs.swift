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
    /// positions in all (the generator's head runs only there).
    public init(electra shape: ElectraShape, batch: Int, length: Int, predictions: Int) {
        let rows = Double(batch * length)
        var linear = 0.0, attention = 0.0
        for stack in [shape.discriminator, shape.generator] {
            let hidden = Double(stack.hidden), feedForward = Double(stack.feedForward)
            if shape.embedding != stack.hidden { linear += 2 * rows * Double(shape.embedding) * hidden }
            // Q, K, V and the output projection; the feed-forward block's two layers.
            linear += Double(stack.layers) * (4 * 2 * rows * hidden * hidden + 2 * 2 * rows * hidden * feedForward)
            // Q Kᵀ and P V: per sequence and head 2 · length² · headWidth multiply-adds; heads × headWidth = hidden.
            attention += Double(stack.layers) * 2 * 2 * Double(batch) * Double(length * length) * hidden
        }
        let discriminator = Double(shape.discriminator.hidden), generator = Double(shape.generator.hidden)
        let width = Double(shape.embedding), positions = Double(predictions)
        linear += 2 * rows * discriminator * (discriminator + 1)
        linear += 2 * positions * (generator * width + width * Double(shape.vocabulary))
        self.linear = 3 * linear
        self.attention = 3 * attention
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
