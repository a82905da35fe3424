import CorpusModels
import CorpusTensors

/// BERT's masked-LM objective with ELECTRA's masking budget: the baseline for replaced token
/// detection on the same encoder and data.
public struct MaskedLanguageModeling: Sendable {
    /// How positions are chosen.
    public var masking: Masking
    /// The `[MASK]` id.
    public var maskID: Int32
    /// Ids never masked: padding and the special tokens.
    public var special: Set<Int32>
    /// Dropout rate while training.
    public var dropout: Double

    /// The objective with these settings.
    public init(masking: Masking = Masking(), maskID: Int32, special: Set<Int32>, dropout: Double = 0.1) {
        self.masking = masking
        self.maskID = maskID
        self.special = special
        self.dropout = dropout
    }

    /// Runs `shard`'s rows of `batch` forward (and backward when `gradients` is given, adding to
    /// it), drawing masks and dropout as a single process does for the whole batch.
    public func run<T: TensorScalar, G: RandomNumberGenerator>(_ model: MaskedLanguageModel<T>, batch whole: TrainingBatch, shard: BatchShard = .whole,
                                                               training: Bool, generator: inout G, gradients: inout MaskedLanguageModel<T>?) -> BatchOutcome {
        let vocabulary = model.shape.vocabulary
        let everyRow = MaskedBatch(whole, masking: masking, maskID: maskID, special: special, generator: &generator)
        let batch = shard.slice(whole)
        let (masked, _) = everyRow.slice(shard, rows: whole.batch, length: whole.length)
        var sharded = ShardedGenerator(generator, shard: shard)
        let (logits, cache) = model.forward(masked.inputs, batch: batch.batch, length: batch.length, keep: batch.keep,
                                            positions: masked.positions, dropout: training ? dropout : 0, generator: &sharded)
        generator = sharded.base
        let (loss, probabilities, counted) = CrossEntropy.forward(logits: logits, targets: masked.originals, classes: vocabulary)
        if var g = gradients {
            gradients = nil
            var dLogits = [T](repeating: 0, count: logits.count)
            CrossEntropy.backward(probabilities: probabilities, targets: masked.originals, classes: vocabulary,
                                  counted: shard.isWhole ? counted : everyRow.positions.count, dLogits: &dLogits)
            model.backward(dLogits, ids: masked.inputs, batch: batch.batch, length: batch.length, positions: masked.positions,
                           activations: cache, gradients: &g)
            gradients = g
        }
        var correct = 0
        for row in masked.positions.indices where Sampling.argmax(logits, row: row, classes: vocabulary) == masked.originals[row] {
            correct += 1
        }
        let mean = shard.isWhole ? Double(loss) : BatchShard.term(Double(loss), local: counted, total: everyRow.positions.count)
        return BatchOutcome(loss: mean, parts: [("mlm", mean)], predicted: masked.positions.count, predictedCorrect: correct,
                            judged: 0, judgedCorrect: 0, replaced: 0, scores: [], labels: [])
    }
}
