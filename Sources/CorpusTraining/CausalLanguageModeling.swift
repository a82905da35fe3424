import CorpusModels
import CorpusTensors

/// Next-token prediction on a decoder-only model (the GPT-style baseline): every real position
/// but the last predicts the token after it.
public struct CausalLanguageModeling: Sendable {
    /// Dropout rate while training.
    public var dropout: Double

    /// The objective with this dropout.
    public init(dropout: Double = 0.1) {
        self.dropout = dropout
    }

    /// The target of each position: the next id, or −1 (ignored) at a sequence's last position
    /// and wherever the next position is padding.
    public static func targets(_ batch: TrainingBatch) -> [Int32] {
        var targets = [Int32](repeating: -1, count: batch.ids.count)
        for row in 0..<batch.batch {
            let start = row * batch.length
            for t in 0..<(batch.length - 1) where batch.keep[start + t] && batch.keep[start + t + 1] {
                targets[start + t] = batch.ids[start + t + 1]
            }
        }
        return targets
    }

    /// Runs `shard`'s rows of `batch` forward (and backward when `gradients` is given, adding to
    /// it), drawing dropout as a single process does for the whole batch.
    public func run<T: TensorScalar, G: RandomNumberGenerator>(_ model: DecoderLanguageModel<T>, batch whole: TrainingBatch, shard: BatchShard = .whole,
                                                               training: Bool, generator: inout G, gradients: inout DecoderLanguageModel<T>?) -> BatchOutcome {
        let vocabulary = model.shape.vocabulary
        let batch = shard.slice(whole)
        let targets = Self.targets(batch)
        let wholeCount = shard.isWhole ? 0 : Self.targets(whole).lazy.filter { $0 >= 0 }.count
        var sharded = ShardedGenerator(generator, shard: shard)
        let (logits, cache) = model.forward(batch.ids, batch: batch.batch, length: batch.length, keep: batch.keep,
                                            dropout: training ? dropout : 0, training: training, generator: &sharded)
        generator = sharded.base
        let (loss, probabilities, counted) = CrossEntropy.forward(logits: logits, targets: targets, classes: vocabulary)
        if var g = gradients {
            gradients = nil
            var dLogits = [T](repeating: 0, count: logits.count)
            CrossEntropy.backward(probabilities: probabilities, targets: targets, classes: vocabulary,
                                  counted: shard.isWhole ? counted : wholeCount, dLogits: &dLogits)
            model.backward(dLogits, ids: batch.ids, batch: batch.batch, length: batch.length, keep: batch.keep, activations: cache, gradients: &g)
            gradients = g
        }
        let correct = Sampling.correctPredictions(logits, targets: targets, classes: vocabulary)
        let mean = shard.isWhole ? Double(loss) : BatchShard.term(Double(loss), local: counted, total: wholeCount)
        return BatchOutcome(objective: "lm", loss: mean, routing: cache.routing, predicted: counted, predictedCorrect: correct)
    }
}

extension CausalLanguageModeling: PretrainingObjective {
    public func makeModel(settings: PretrainingSettings, generator: inout SeededGenerator) -> DecoderLanguageModel<Float> {
        DecoderLanguageModel(shape: settings.t5Shape, generator: &generator)
    }

    /// `run` over `shard`'s rows of `batch`.
    public func outcome(_ model: DecoderLanguageModel<Float>, batch: TrainingBatch, shard: BatchShard, training: Bool,
                        generator: inout SeededGenerator, gradients: inout DecoderLanguageModel<Float>?) -> BatchOutcome {
        run(model, batch: batch, shard: shard, training: training, generator: &generator, gradients: &gradients)
    }
}
