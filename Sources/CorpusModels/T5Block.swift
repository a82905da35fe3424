import CorpusTensors

/// One pre-norm T5 block: self-attention, cross-attention to the encoder's output (decoder
/// blocks only), then the feed-forward (dense, or a Switch mixture of experts), each as
/// `x + Dropout(Sublayer(RMSNorm(x)))`.
public struct T5Block<T: TensorScalar>: Sendable, Parameterized {
    /// The sizes.
    public let shape: T5Shape
    /// Self-attention and its norm gain.
    public var selfAttention: T5Attention<T>, selfNorm: [T]
    /// Cross-attention and its norm gain (decoder blocks), or nil.
    public var crossAttention: T5Attention<T>?, crossNorm: [T]
    /// The dense feed-forward, or nil in a sparse block.
    public var feedForward: T5FeedForward<T>?
    /// The sparse (Switch) feed-forward, or nil in a dense block.
    public var sparseFeedForward: SwitchFeedForward<T>?
    /// The feed-forward's norm gain.
    public var feedForwardNorm: [T]

    /// A block with T5's initialization; `cross` adds cross-attention; `sparse` makes the
    /// feed-forward a Switch layer of `shape.sparse`'s settings.
    public init<G: RandomNumberGenerator>(shape: T5Shape, cross: Bool, sparse: Bool = false, generator: inout G) {
        precondition(!sparse || shape.sparse != nil, "T5Block: a sparse block needs the shape's Switch settings")
        self.shape = shape
        let ones = [T](repeating: 1, count: shape.width)
        selfAttention = T5Attention(width: shape.width, heads: shape.heads, headWidth: shape.headWidth, generator: &generator)
        selfNorm = ones
        crossAttention = cross ? T5Attention(width: shape.width, heads: shape.heads, headWidth: shape.headWidth, generator: &generator) : nil
        crossNorm = cross ? ones : []
        if let settings = shape.sparse, sparse {
            feedForward = nil
            sparseFeedForward = SwitchFeedForward(width: shape.width, inner: shape.feedForward, kind: shape.feedForwardKind,
                                                  settings: settings, generator: &generator)
        } else {
            feedForward = T5FeedForward(width: shape.width, inner: shape.feedForward, kind: shape.feedForwardKind, generator: &generator)
            sparseFeedForward = nil
        }
        feedForwardNorm = ones
    }

    /// The weights, named below HuggingFace's `block.N.` (`layer.0` self-attention, `layer.1`
    /// cross-attention in the decoder, then the feed-forward: T5's `DenseReluDense`, or Switch's
    /// `mlp` with `router.classifier` and `experts.expert_{i}`); norms take no weight decay.
    @inlinable
    public mutating func visit(_ body: (String, [Int], inout [T], Bool) -> Void) {
        let vector = [shape.width]
        selfAttention.visit { name, size, tensor, decays in body("layer.0.SelfAttention.\(name)", size, &tensor, decays) }
        body("layer.0.layer_norm.weight", vector, &selfNorm, false)
        var next = 1
        if crossAttention != nil {
            crossAttention!.visit { name, size, tensor, decays in body("layer.1.EncDecAttention.\(name)", size, &tensor, decays) }
            body("layer.1.layer_norm.weight", vector, &crossNorm, false)
            next = 2
        }
        if feedForward != nil {
            feedForward!.visit { name, size, tensor, decays in body("layer.\(next).DenseReluDense.\(name)", size, &tensor, decays) }
        } else {
            sparseFeedForward!.visit { name, size, tensor, decays in body("layer.\(next).mlp.\(name)", size, &tensor, decays) }
        }
        body("layer.\(next).layer_norm.weight", vector, &feedForwardNorm, false)
    }

    /// What the attention sublayers attend over: the block's own sequences (`length` positions,
    /// `keep` false at padding, `bias` the relative position bias, `causal` in the decoder) and,
    /// for cross-attention, the encoder's output.
    public struct Inputs {
        /// Sequences and positions per sequence.
        public var batch: Int, length: Int
        /// Real positions of the block's sequences.
        public var keep: [Bool]
        /// The self-attention score bias, `heads × length × length`.
        public var bias: [T]
        /// Whether self-attention is causal.
        public var causal: Bool
        /// The encoder's output (`batch × memoryLength × width`), positions, and real positions.
        public var memory: [T]?, memoryLength: Int, memoryKeep: [Bool]

        /// Inputs of a block.
        @inlinable
        public init(batch: Int, length: Int, keep: [Bool], bias: [T], causal: Bool, memory: [T]?, memoryLength: Int, memoryKeep: [Bool]) {
            self.batch = batch
            self.length = length
            self.keep = keep
            self.bias = bias
            self.causal = causal
            self.memory = memory
            self.memoryLength = memoryLength
            self.memoryKeep = memoryKeep
        }
    }

    /// What backward needs.
    public struct Activations {
        @usableFromInline var selfNormInput: [T], selfReciprocal: [T], selfActivations: T5Attention<T>.Activations, selfMask: [T]
        @usableFromInline var crossNormInput: [T], crossReciprocal: [T], crossActivations: T5Attention<T>.Activations?, crossMask: [T]
        @usableFromInline var feedForwardNormInput: [T], feedForwardReciprocal: [T]
        @usableFromInline var feedForwardActivations: T5FeedForward<T>.Activations?, feedForwardMask: [T]
        /// The sparse feed-forward's, with where its tokens went.
        public var sparseActivations: SwitchFeedForward<T>.Activations?

        @usableFromInline init(selfNormInput: [T], selfReciprocal: [T], selfActivations: T5Attention<T>.Activations, selfMask: [T],
                               crossNormInput: [T], crossReciprocal: [T], crossActivations: T5Attention<T>.Activations?, crossMask: [T],
                               feedForwardNormInput: [T], feedForwardReciprocal: [T],
                               feedForwardActivations: T5FeedForward<T>.Activations?, feedForwardMask: [T],
                               sparseActivations: SwitchFeedForward<T>.Activations?) {
            self.selfNormInput = selfNormInput
            self.selfReciprocal = selfReciprocal
            self.selfActivations = selfActivations
            self.selfMask = selfMask
            self.crossNormInput = crossNormInput
            self.crossReciprocal = crossReciprocal
            self.crossActivations = crossActivations
            self.crossMask = crossMask
            self.feedForwardNormInput = feedForwardNormInput
            self.feedForwardReciprocal = feedForwardReciprocal
            self.feedForwardActivations = feedForwardActivations
            self.feedForwardMask = feedForwardMask
            self.sparseActivations = sparseActivations
        }
    }

    @inlinable func selfAttentionShape(_ inputs: Inputs) -> Attention {
        Attention(batch: inputs.batch, length: inputs.length, heads: shape.heads, headWidth: shape.headWidth, scale: 1, causal: inputs.causal)
    }

    @inlinable func crossAttentionShape(_ inputs: Inputs) -> Attention {
        Attention(batch: inputs.batch, queryLength: inputs.length, keyLength: inputs.memoryLength, heads: shape.heads,
                  headWidth: shape.headWidth, scale: 1)
    }

    /// The block's output for hidden states `x` (`batch × length × width`). `training` picks a
    /// sparse feed-forward's capacity factor, router jitter and expert dropout (else unused).
    @inlinable
    public func forward<G: RandomNumberGenerator>(_ x: [T], inputs: Inputs, dropout: Double, training: Bool,
                                                  generator: inout G) -> (y: [T], activations: Activations) {
        let rows = inputs.batch * inputs.length, width = shape.width
        let (selfNormed, selfReciprocal) = RMSNorm.forward(x, gain: selfNorm, rows: rows, width: width, epsilon: 1e-6)
        let (attended, selfActivations) = selfAttention.forward(selfNormed, memory: nil, attention: selfAttentionShape(inputs), keep: inputs.keep,
                                                                bias: inputs.bias, dropout: dropout, generator: &generator)
        let selfMask: [T] = Dropout.mask(count: attended.count, rate: dropout, generator: &generator)
        var h = Dropout.forward(attended, mask: selfMask, adding: x)
        let crossInput = h
        var crossReciprocal: [T] = [], crossActivations: T5Attention<T>.Activations?, crossMask: [T] = []
        if let crossAttention, let memory = inputs.memory {
            let normed: [T]
            (normed, crossReciprocal) = RMSNorm.forward(h, gain: crossNorm, rows: rows, width: width, epsilon: 1e-6)
            let (crossed, activations) = crossAttention.forward(normed, memory: memory, attention: crossAttentionShape(inputs),
                                                                keep: inputs.memoryKeep, bias: [], dropout: dropout, generator: &generator)
            crossActivations = activations
            crossMask = Dropout.mask(count: crossed.count, rate: dropout, generator: &generator)
            h = Dropout.forward(crossed, mask: crossMask, adding: h)
        }
        let (feedNormed, feedReciprocal) = RMSNorm.forward(h, gain: feedForwardNorm, rows: rows, width: width, epsilon: 1e-6)
        let fed: [T], feedActivations: T5FeedForward<T>.Activations?, sparseActivations: SwitchFeedForward<T>.Activations?
        if let feedForward {
            (fed, feedActivations) = feedForward.forward(feedNormed, rows: rows, dropout: dropout, generator: &generator)
            sparseActivations = nil
        } else {
            let sparse = sparseFeedForward!
            let expertDropout = training ? sparse.settings.expertDropout ?? dropout : 0
            (fed, sparseActivations) = sparse.forward(feedNormed, batch: inputs.batch, length: inputs.length, keep: inputs.keep,
                                                      training: training, expertDropout: expertDropout, generator: &generator)
            feedActivations = nil
        }
        let feedMask: [T] = Dropout.mask(count: fed.count, rate: dropout, generator: &generator)
        let y = Dropout.forward(fed, mask: feedMask, adding: h)
        return (y, Activations(selfNormInput: x, selfReciprocal: selfReciprocal, selfActivations: selfActivations, selfMask: selfMask,
                               crossNormInput: crossInput, crossReciprocal: crossReciprocal, crossActivations: crossActivations,
                               crossMask: crossMask, feedForwardNormInput: h, feedForwardReciprocal: feedReciprocal,
                               feedForwardActivations: feedActivations, feedForwardMask: feedMask, sparseActivations: sparseActivations))
    }

    /// Adds the block's gradients to `gradients`, the self-attention bias's to `dBias` and the
    /// encoder output's to `dMemory`; returns the gradient of `x`.
    @inlinable
    public func backward(_ dy: [T], activations a: Activations, inputs: Inputs, gradients g: inout T5Block,
                         dBias: inout [T], dMemory: inout [T]) -> [T] {
        let rows = inputs.batch * inputs.length, width = shape.width
        func zeros() -> [T] { [T](repeating: 0, count: rows * width) }
        // Feed-forward, backwards: y = h + Dropout(FF(RMS(h))).
        var dFed = zeros()
        Dropout.backward(dy, mask: a.feedForwardMask, dx: &dFed)
        var dFeedNormed = zeros()
        if let feedForward, let cache = a.feedForwardActivations {
            feedForward.backward(dFed, activations: cache, rows: rows, gradients: &g.feedForward!, dx: &dFeedNormed)
        } else if let sparse = sparseFeedForward, let cache = a.sparseActivations {
            sparse.backward(dFed, activations: cache, gradients: &g.sparseFeedForward!, dx: &dFeedNormed)
        }
        var dh = dy  // the residual path
        RMSNorm.backward(dFeedNormed, x: a.feedForwardNormInput, gain: feedForwardNorm, reciprocal: a.feedForwardReciprocal,
                         rows: rows, width: width, dx: &dh, dGain: &g.feedForwardNorm)
        // Cross-attention, backwards.
        if let crossAttention, let crossActivations = a.crossActivations {
            var dCrossed = zeros()
            Dropout.backward(dh, mask: a.crossMask, dx: &dCrossed)
            var dNormed = zeros(), noBias: [T] = []
            crossAttention.backward(dCrossed, activations: crossActivations, attention: crossAttentionShape(inputs),
                                    gradients: &g.crossAttention!, dBias: &noBias, dx: &dNormed, dMemory: &dMemory)
            RMSNorm.backward(dNormed, x: a.crossNormInput, gain: crossNorm, reciprocal: a.crossReciprocal, rows: rows, width: width,
                             dx: &dh, dGain: &g.crossNorm)
        }
        // Self-attention, backwards.
        var dAttended = zeros()
        Dropout.backward(dh, mask: a.selfMask, dx: &dAttended)
        var dNormed = zeros(), unused: [T] = []
        selfAttention.backward(dAttended, activations: a.selfActivations, attention: selfAttentionShape(inputs),
                               gradients: &g.selfAttention, dBias: &dBias, dx: &dNormed, dMemory: &unused)
        var dx = dh
        RMSNorm.backward(dNormed, x: a.selfNormInput, gain: selfNorm, reciprocal: a.selfReciprocal, rows: rows, width: width,
                         dx: &dx, dGain: &g.selfNorm)
        return dx
    }
}
