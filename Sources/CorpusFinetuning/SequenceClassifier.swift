import CorpusModels
import CorpusTensors
import CorpusTraining

/// A pretrained encoder with a classification head, as the fine-tuning loop drives it.
public protocol SequenceClassifier: Parameterized, Sendable where Scalar == Float {
    /// The number of classes.
    var classCount: Int { get }
    /// The encoder's layers (for layer-wise learning-rate decay).
    var encoderLayers: Int { get }
    /// Logits (`batch × classes`) for `batch`, and when `gradients` is given the mean
    /// cross-entropy's gradients added to it. Dropout draws come from `generator`.
    func logits(_ batch: ClassificationBatch, dropout: Double, generator: inout SeededGenerator,
                gradients: inout Self?) -> [Float]
}

extension SequenceClassifier {
    /// Mean cross-entropy of `logits` against the batch's labels, and ∂loss/∂logits.
    static func crossEntropy(_ logits: [Float], labels: [Int32], classes: Int) -> (loss: Double, dLogits: [Float]) {
        let (loss, probabilities, counted) = CrossEntropy.forward(logits: logits, targets: labels, classes: classes)
        var dLogits = [Float](repeating: 0, count: logits.count)
        CrossEntropy.backward(probabilities: probabilities, targets: labels, classes: classes, counted: counted, dLogits: &dLogits)
        return (Double(loss), dLogits)
    }
}

extension ElectraClassifier: SequenceClassifier where T == Float {
    public var classCount: Int { head.classes }
    public var encoderLayers: Int { shape.discriminator.layers }

    public func logits(_ b: ClassificationBatch, dropout: Double, generator: inout SeededGenerator,
                       gradients: inout ElectraClassifier<Float>?) -> [Float] {
        let (logits, activations) = forward(b.ids, types: b.types, batch: b.batch, length: b.length, keep: b.keep, dropout: dropout,
                                            generator: &generator)
        if var g = gradients {
            gradients = nil  // keep `g` uniquely referenced while it is written
            let dLogits = Self.crossEntropy(logits, labels: b.labels, classes: classCount).dLogits
            backward(dLogits, ids: b.ids, types: b.types, batch: b.batch, length: b.length, activations: activations, gradients: &g)
            gradients = g
        }
        return logits
    }
}

extension T5EncoderClassifier: SequenceClassifier where T == Float {
    public var classCount: Int { classes }
    public var encoderLayers: Int { shape.encoderLayers }

    public func logits(_ b: ClassificationBatch, dropout: Double, generator: inout SeededGenerator,
                       gradients: inout T5EncoderClassifier<Float>?) -> [Float] {
        let (logits, activations) = forward(b.ids, batch: b.batch, length: b.length, keep: b.keep, dropout: dropout,
                                            training: gradients != nil, generator: &generator)
        if var g = gradients {
            gradients = nil
            let dLogits = Self.crossEntropy(logits, labels: b.labels, classes: classCount).dLogits
            backward(dLogits, ids: b.ids, batch: b.batch, length: b.length, keep: b.keep, activations: activations, gradients: &g)
            gradients = g
        }
        return logits
    }
}

/// ELECTRA's layer-wise learning-rate decay (`_get_layer_lrs`): depth 0 for the embeddings,
/// `i + 1` for encoder layer `i`, `layers + 2` for the head and anything else; a tensor's rate
/// is the peak times `decay^(layers + 2 − depth)`.
public func layerRateMultiplier(tensor name: String, layers: Int, decay: Double) -> Double {
    guard decay != 1 else { return 1 }
    var depth = layers + 2
    if name.hasPrefix("electra.embeddings") || name == "shared.weight" {
        depth = 0
    } else {
        for marker in ["encoder.layer.", "encoder.block."] {
            guard let range = name.range(of: marker) else { continue }
            if let index = Int(name[range.upperBound...].prefix { $0.isNumber }) { depth = index + 1 }
        }
    }
    var multiplier = 1.0
    for _ in 0..<(layers + 2 - depth) { multiplier *= decay }
    return multiplier
}
