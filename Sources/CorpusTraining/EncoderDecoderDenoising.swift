import CorpusModels
import CorpusTensors

/// The encoder-decoder objectives: one of the T5 paper's (span corruption by default) or UL2's
/// mixture of denoisers turns each raw sequence into inputs and targets, and T5 learns to
/// write the targets (cross-entropy over real target tokens).
public struct EncoderDecoderDenoising: Sendable {
    /// Where examples come from.
    public enum Examples: Sendable {
        /// One T5 objective for every example.
        case t5(T5Denoising)
        /// UL2's denoisers, one drawn per example, planned for the input length.
        case mixture(MixturePlan)
    }

    /// The example maker.
    public let examples: Examples
    /// The ids written into examples.
    public let vocabulary: DenoisingVocabulary
    /// Encoder positions per example, decoder positions per example, raw tokens per sequence.
    public let inputLength: Int, targetLength: Int, rawLength: Int
    /// Dropout rate while training.
    public var dropout: Double

    /// The objective for encoder inputs of `inputLength` ids; refuses settings whose examples
    /// cannot fit.
    public init(examples: Examples, vocabulary: DenoisingVocabulary, inputLength: Int, dropout: Double) throws(DenoisingError) {
        self.examples = examples
        self.vocabulary = vocabulary
        self.inputLength = inputLength
        self.dropout = dropout
        switch examples {
        case .t5(let denoising):
            let problems = denoising.problems() + vocabulary.problems()
            guard problems.isEmpty else { throw .invalidSettings(problems) }
            rawLength = denoising.rawLength(inputsLength: inputLength)
            targetLength = denoising.maximumTargetsLength(inputsLength: inputLength)
        case .mixture(let plan):
            precondition(plan.inputLength == inputLength, "EncoderDecoderDenoising: the plan is for another input length")
            rawLength = plan.rawLengths.max() ?? inputLength
            targetLength = plan.targetLength
        }
    }

    /// The padded batch of examples made from each sequence of `batch`, in row order.
    public func exampleBatch<G: RandomNumberGenerator>(_ batch: TrainingBatch, generator: inout G) throws(DenoisingError) -> EncoderDecoderBatch {
        var made: [EncoderDecoderExample] = []
        made.reserveCapacity(batch.batch)
        for row in 0..<batch.batch {
            let start = row * batch.length
            let tokens = (start..<start + batch.length).filter { batch.keep[$0] }.map { batch.ids[$0] }
            switch examples {
            case .t5(let denoising):
                made.append(try denoising.apply(Array(tokens.prefix(rawLength)), vocabulary: vocabulary, generator: &generator))
            case .mixture(let plan):
                made.append(try plan.nextExample(from: tokens[...], generator: &generator).example)
            }
        }
        return try EncoderDecoderBatch(made, inputLength: inputLength, targetLength: targetLength, padID: vocabulary.padID)
    }

    /// Runs `shard`'s rows of `batch` (raw sequences) forward, and backward when `gradients` is
    /// given (adding to it). The examples of every row are made as a single process makes them,
    /// and dropout is drawn as it draws it for the whole batch.
    public func run<T: TensorScalar, G: RandomNumberGenerator>(_ model: T5Model<T>, batch: TrainingBatch, shard: BatchShard = .whole, training: Bool,
                                                               generator: inout G, gradients: inout T5Model<T>?) throws(DenoisingError) -> BatchOutcome {
        let everyRow = try exampleBatch(batch, generator: &generator)
        let rows = everyRow.batch
        let mine = shard.rows(of: rows)
        let input = T5Model<T>.Batch(batch: mine.count, inputLength: inputLength, targetLength: targetLength,
                                     inputs: shard.slice(everyRow.inputs, rows: rows), inputKeep: shard.slice(everyRow.inputKeep, rows: rows),
                                     decoderInputs: shard.slice(everyRow.decoderInputs, rows: rows),
                                     decoderKeep: shard.slice(everyRow.targetKeep, rows: rows))
        let targets = zip(shard.slice(everyRow.targets, rows: rows), input.decoderKeep).map { $1 ? $0 : -1 }
        let wholeCount = everyRow.targetKeep.lazy.filter { $0 }.count
        let vocabulary = model.shape.vocabulary
        var sharded = ShardedGenerator(generator, shard: shard)
        let (logits, cache) = model.forward(input, dropout: training ? dropout : 0, training: training, generator: &sharded)
        generator = sharded.base
        let (loss, probabilities, counted) = CrossEntropy.forward(logits: logits, targets: targets, classes: vocabulary)
        if var g = gradients {
            gradients = nil
            var dLogits = [T](repeating: 0, count: logits.count)
            CrossEntropy.backward(probabilities: probabilities, targets: targets, classes: vocabulary,
                                  counted: shard.isWhole ? counted : wholeCount, dLogits: &dLogits)
            model.backward(dLogits, batch: input, activations: cache, gradients: &g)
            gradients = g
        }
        let correct = Sampling.correctPredictions(logits, targets: targets, classes: vocabulary)
        let mean = shard.isWhole ? Double(loss) : BatchShard.term(Double(loss), local: counted, total: wholeCount)
        return BatchOutcome(objective: "denoising", loss: mean, routing: cache.routing, predicted: counted, predictedCorrect: correct)
    }
}

extension EncoderDecoderDenoising: PretrainingObjective {
    public func makeModel(settings: PretrainingSettings, generator: inout SeededGenerator) -> T5Model<Float> {
        T5Model(shape: settings.t5Shape, generator: &generator)
    }

    public func rawSequenceLength(settings: PretrainingSettings) -> Int { rawLength }

    /// `run` over `shard`'s rows of `batch`.
    public func outcome(_ model: T5Model<Float>, batch: TrainingBatch, shard: BatchShard, training: Bool, generator: inout SeededGenerator,
                        gradients: inout T5Model<Float>?) throws -> BatchOutcome {
        try run(model, batch: batch, shard: shard, training: training, generator: &generator, gradients: &gradients)
    }
}
