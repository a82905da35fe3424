import CorpusTensors

/// ELECTRA's sequence classification head (HuggingFace's `ElectraClassificationHead`), on the
/// hidden state of each sequence's first token (`[CLS]`):
/// `logits = W₂ · Dropout(GELU(W₁ · Dropout(h) + b₁)) + b₂`.
public struct ClassificationHead<T: TensorScalar>: Sendable, Parameterized {
    /// The encoder width and the number of classes.
    public let hidden: Int, classes: Int
    /// `dense` (`[hidden, hidden]`) and its bias; `out_proj` (`[classes, hidden]`) and its bias.
    public var dense: [T], denseBias: [T], outputProjection: [T], outputBias: [T]

    /// A head with weights drawn from N(0, deviation²) (ELECTRA: 0.02) and zero biases.
    public init<G: RandomNumberGenerator>(hidden: Int, classes: Int, deviation: Double = 0.02, generator: inout G) {
        precondition(classes >= 2, "ClassificationHead: at least two classes")
        self.hidden = hidden
        self.classes = classes
        dense = Initialization.normal(count: hidden * hidden, deviation: deviation, generator: &generator)
        denseBias = [T](repeating: 0, count: hidden)
        outputProjection = Initialization.normal(count: classes * hidden, deviation: deviation, generator: &generator)
        outputBias = [T](repeating: 0, count: classes)
    }

    /// Every tensor with its name (below HuggingFace's `classifier.`) and whether weight decay applies.
    @inlinable
    public mutating func visit(_ body: (String, [Int], inout [T], Bool) -> Void) {
        body("dense.weight", [hidden, hidden], &dense, true)
        body("dense.bias", [hidden], &denseBias, false)
        body("out_proj.weight", [classes, hidden], &outputProjection, true)
        body("out_proj.bias", [classes], &outputBias, false)
    }

    /// What backward needs.
    public struct Activations {
        @usableFromInline var inputMask: [T], dropped: [T], geluDerivative: [T], activatedMask: [T], activated: [T]

        @usableFromInline init(inputMask: [T], dropped: [T], geluDerivative: [T], activatedMask: [T], activated: [T]) {
            self.inputMask = inputMask
            self.dropped = dropped
            self.geluDerivative = geluDerivative
            self.activatedMask = activatedMask
            self.activated = activated
        }
    }

    /// Logits (`rows × classes`) for pooled states `pooled` (`rows × hidden`).
    @inlinable
    public func forward<G: RandomNumberGenerator>(_ pooled: [T], rows: Int, dropout: Double,
                                                  generator: inout G) -> (logits: [T], activations: Activations) {
        let inputMask: [T] = Dropout.mask(count: pooled.count, rate: dropout, generator: &generator)
        let dropped = Dropout.forward(pooled, mask: inputMask)
        let pre = Linear.forward(dropped, weight: dense, bias: denseBias, rows: rows, inFeatures: hidden, outFeatures: hidden)
        let (activated, derivative) = GELU.forwardWithDerivative(pre)
        let activatedMask: [T] = Dropout.mask(count: activated.count, rate: dropout, generator: &generator)
        let droppedActivated = Dropout.forward(activated, mask: activatedMask)
        let logits = Linear.forward(droppedActivated, weight: outputProjection, bias: outputBias, rows: rows, inFeatures: hidden,
                                    outFeatures: classes)
        return (logits, Activations(inputMask: inputMask, dropped: dropped, geluDerivative: derivative, activatedMask: activatedMask,
                                    activated: droppedActivated))
    }

    /// Adds the head's gradients to `gradients`; returns ∂L/∂pooled.
    @inlinable
    public func backward(_ dLogits: [T], activations a: Activations, rows: Int, gradients g: inout ClassificationHead) -> [T] {
        var dDroppedActivated = [T](repeating: 0, count: rows * hidden)
        Linear.backward(dLogits, x: a.activated, weight: outputProjection, rows: rows, inFeatures: hidden, outFeatures: classes,
                        dx: &dDroppedActivated, dWeight: &g.outputProjection, dBias: &g.outputBias)
        var dActivated = [T](repeating: 0, count: rows * hidden)
        Dropout.backward(dDroppedActivated, mask: a.activatedMask, dx: &dActivated)
        var dPre = [T](repeating: 0, count: rows * hidden)
        GELU.backward(dActivated, derivative: a.geluDerivative, dx: &dPre)
        var dDropped = [T](repeating: 0, count: rows * hidden)
        Linear.backward(dPre, x: a.dropped, weight: dense, rows: rows, inFeatures: hidden, outFeatures: hidden,
                        dx: &dDropped, dWeight: &g.dense, dBias: &g.denseBias)
        var dPooled = [T](repeating: 0, count: rows * hidden)
        Dropout.backward(dDropped, mask: a.inputMask, dx: &dPooled)
        return dPooled
    }
}
