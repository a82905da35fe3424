import CorpusModels
import CorpusTensors

/// ELECTRA's pretraining objective: mask 15 % of the tokens, let the generator fill them in by
/// sampling from its softmax, and train the discriminator to tell every real token whether it
/// was replaced. Loss = generator MLM loss + `discriminatorWeight` × discriminator loss.
public struct ReplacedTokenDetection: Sendable {
    /// How positions are chosen.
    public var masking: Masking
    /// The `[MASK]` id.
    public var maskID: Int32
    /// Ids never masked: padding and the special tokens.
    public var special: Set<Int32>
    /// λ in `L_gen + λ L_disc` (ELECTRA: 50).
    public var discriminatorWeight: Double
    /// Dropout rate on embeddings and residual branches while training (ELECTRA: 0.1).
    public var dropout: Double

    /// The objective with these settings.
    public init(masking: Masking = Masking(), maskID: Int32, special: Set<Int32>, discriminatorWeight: Double = 50, dropout: Double = 0.1) {
        self.masking = masking
        self.maskID = maskID
        self.special = special
        self.discriminatorWeight = discriminatorWeight
        self.dropout = dropout
    }

    /// Runs `shard`'s rows of `batch` forward (and backward when `gradients` is given, adding to
    /// it); `training` turns dropout on. All randomness comes from `generator`, drawn as a single
    /// process draws it for the whole batch, so that the shares' gradients sum to the whole
    /// batch's and their outcomes' losses and counts to its figures.
    public func run<T: TensorScalar, G: RandomNumberGenerator>(_ model: ElectraModel<T>, batch whole: TrainingBatch, shard: BatchShard = .whole,
                                                               training: Bool, generator: inout G, gradients: inout ElectraModel<T>?) -> BatchOutcome {
        let rate = training ? dropout : 0
        let vocabulary = model.shape.vocabulary
        // Masks for every row, then the share's rows.
        let everyRow = MaskedBatch(whole, masking: masking, maskID: maskID, special: special, generator: &generator)
        let batch = shard.slice(whole)
        let (masked, before) = everyRow.slice(shard, rows: whole.batch, length: whole.length)
        let wholeJudged = whole.keep.lazy.filter { $0 }.count
        // Generator: a masked LM at the chosen positions.
        var sharded = ShardedGenerator(generator, shard: shard)
        let (generatorLogits, generatorCache) = model.generatorForward(masked.inputs, batch: batch.batch, length: batch.length, keep: batch.keep,
                                                                      positions: masked.positions, dropout: rate, generator: &sharded)
        generator = sharded.base
        let (generatorLoss, probabilities, counted) = CrossEntropy.forward(logits: generatorLogits, targets: masked.originals, classes: vocabulary)
        // Replacements drawn from the generator's softmax (no gradient flows through the draw), one draw per position in batch order.
        generator.pass(draws: before)
        var corrupted = batch.ids
        var labels = [T](repeating: 0, count: batch.ids.count)
        var generatorCorrect = 0
        for (row, position) in masked.positions.enumerated() {
            let sampled = Sampling.categorical(probabilities, row: row, classes: vocabulary, generator: &generator)
            corrupted[position] = sampled
            if sampled != masked.originals[row] { labels[position] = 1 }
            if Sampling.argmax(generatorLogits, row: row, classes: vocabulary) == masked.originals[row] { generatorCorrect += 1 }
        }
        generator.pass(draws: everyRow.positions.count - before - masked.positions.count)
        // Discriminator: replaced or original, at every real token.
        let weights = batch.keep.map { $0 ? T(1) : T(0) }
        sharded = ShardedGenerator(generator, shard: shard)
        let (discriminatorLogits, discriminatorCache) = model.discriminatorForward(corrupted, batch: batch.batch, length: batch.length,
                                                                                  keep: batch.keep, dropout: rate, generator: &sharded)
        generator = sharded.base
        let (discriminatorLoss, judged) = BinaryCrossEntropy.forward(logits: discriminatorLogits, labels: labels, weights: weights)
        if var g = gradients {
            gradients = nil  // keep `g` uniquely referenced while it is written
            var dDiscriminator = [T](repeating: 0, count: discriminatorLogits.count)
            // Divided by the whole batch's counts: the shares' gradients add up to the whole batch's mean.
            BinaryCrossEntropy.backward(logits: discriminatorLogits, labels: labels, weights: weights, counted: T(wholeJudged),
                                        scale: T(discriminatorWeight), dLogits: &dDiscriminator)
            model.discriminatorBackward(dDiscriminator, ids: corrupted, batch: batch.batch, length: batch.length,
                                        activations: discriminatorCache, gradients: &g)
            var dGenerator = [T](repeating: 0, count: generatorLogits.count)
            CrossEntropy.backward(probabilities: probabilities, targets: masked.originals, classes: vocabulary,
                                  counted: shard.isWhole ? counted : everyRow.positions.count, dLogits: &dGenerator)
            model.generatorBackward(dGenerator, ids: masked.inputs, batch: batch.batch, length: batch.length, positions: masked.positions,
                                    activations: generatorCache, gradients: &g)
            gradients = g
        }
        var scores: [Float] = [], judgedLabels: [Bool] = [], discriminatorCorrect = 0
        scores.reserveCapacity(batch.ids.count)
        for i in batch.ids.indices where batch.keep[i] {
            let replaced = labels[i] == 1
            scores.append(Float(discriminatorLogits[i]))
            judgedLabels.append(replaced)
            if (discriminatorLogits[i] > 0) == replaced { discriminatorCorrect += 1 }
        }
        var g = Double(generatorLoss), d = Double(discriminatorLoss)
        if !shard.isWhole {
            g = BatchShard.term(g, local: counted, total: everyRow.positions.count)
            d = BatchShard.term(d, local: Int(judged), total: wholeJudged)
        }
        return BatchOutcome(loss: g + discriminatorWeight * d, parts: [("generator", g), ("discriminator", d)],
                            predicted: masked.positions.count, predictedCorrect: generatorCorrect,
                            judged: Int(judged), judgedCorrect: discriminatorCorrect,
                            replaced: judgedLabels.lazy.filter { $0 }.count, scores: scores, labels: judgedLabels)
    }
}

/// Drawing from and reading a model's output distribution.
public enum Sampling {
    /// A class drawn from row `row` of `probabilities` (`rows × classes`, each row summing to 1)
    /// by inverting its cumulative sum at one uniform draw. This is the distribution ELECTRA's
    /// Gumbel-max trick samples (argmax of logits + Gumbel noise picks class k with probability
    /// softmax(logits)ₖ), with one random number per row instead of one per class.
    public static func categorical<T: TensorScalar, G: RandomNumberGenerator>(_ probabilities: [T], row: Int, classes: Int,
                                                                              generator: inout G) -> Int32 {
        let u = Double(generator.next() >> 11) * 0x1p-53
        let base = row * classes
        var cumulative = 0.0
        for c in 0..<classes {
            cumulative += Double(probabilities[base + c])
            if u < cumulative { return Int32(c) }
        }
        // Rounding left the total just under u: take the last class with any mass.
        var last = classes - 1
        while last > 0 && probabilities[base + last] == 0 { last -= 1 }
        return Int32(last)
    }

    /// The most likely class of row `row` (the first on ties).
    public static func argmax<T: TensorScalar>(_ logits: [T], row: Int, classes: Int) -> Int32 {
        let base = row * classes
        var best = 0
        for c in 1..<classes where logits[base + c] > logits[base + best] { best = c }
        return Int32(best)
    }

    /// Rows whose most likely class is their target (rows with a negative target are skipped).
    public static func correctPredictions<T: TensorScalar>(_ logits: [T], targets: [Int32], classes: Int) -> Int {
        var correct = 0
        for row in targets.indices where targets[row] >= 0 && argmax(logits, row: row, classes: classes) == targets[row] { correct += 1 }
        return correct
    }
}
