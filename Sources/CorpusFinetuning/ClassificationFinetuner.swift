import CorpusShards
import CorpusTensors
import CorpusTraining

/// Dev-set figures after one epoch.
public struct EpochMetrics: Codable, Sendable, Equatable {
    /// The epoch (1-based) and the optimizer steps taken by its end.
    public var epoch: Int, step: Int
    /// Mean training loss over the epoch's steps, and mean dev loss per example.
    public var trainLoss: Double, devLoss: Double
    /// Dev accuracy and Matthews correlation.
    public var accuracy: Double, matthewsCorrelation: Double

    enum CodingKeys: String, CodingKey {
        case epoch, step, trainLoss = "train_loss", devLoss = "dev_loss", accuracy, matthewsCorrelation = "mcc"
    }
}

/// One seed's fine-tuning: the figures after each epoch, and the last epoch's as the result
/// (no epoch is picked on the dev set, which would flatter it).
public struct SeedResult: Codable, Sendable, Equatable {
    /// The seed.
    public var seed: UInt64
    /// The final dev accuracy and Matthews correlation.
    public var accuracy: Double, matthewsCorrelation: Double
    /// The final dev confusion matrix (rows: truth, columns: prediction).
    public var confusion: ConfusionMatrix
    /// Every epoch's figures.
    public var epochs: [EpochMetrics]
    /// Optimizer steps, and wall-clock seconds of training and evaluation.
    public var steps: Int, seconds: Double

    enum CodingKeys: String, CodingKey {
        case seed, accuracy, matthewsCorrelation = "mcc", confusion, epochs, steps, seconds
    }
}

/// What fine-tuning reports as it goes.
public enum FinetuneEvent: Sendable {
    /// A seed started.
    case started(seed: UInt64, steps: Int)
    /// Train figures: the mean loss over the steps since the last report.
    case trained(seed: UInt64, step: Int, steps: Int, loss: Double, learningRate: Double)
    /// An epoch ended and was evaluated on the dev set.
    case evaluated(seed: UInt64, EpochMetrics)
}

/// Fine-tunes one classifier for one seed: AdamW (ELECTRA's: no bias correction), linear
/// warm-up then linear decay, global-norm clipping, optional layer-wise decay. Step `s` draws
/// its dropout from `SeededGenerator(seed, stream: 2, index: s)`, epoch `e` reads the train
/// examples in `SequenceShuffle(seed)`'s order `e`, so a seed fixes the result on any thread count.
public struct ClassificationFinetuner<Model: SequenceClassifier> {
    /// The settings.
    public let settings: FinetuneSettings
    /// Steps between `trained` events.
    public var reportEvery = 10

    /// A fine-tuner with these settings.
    public init(settings: FinetuneSettings) {
        self.settings = settings
    }

    /// Trains `model` on `train` for the settings' epochs, evaluating on `dev` after each.
    public func run(_ model: Model, seed: UInt64, train: EncodedExamples, dev: EncodedExamples,
                    observe: (FinetuneEvent) -> Void = { _ in }) -> SeedResult {
        precondition(train.count > 0 && dev.count > 0, "ClassificationFinetuner: empty train or dev examples")
        let started = ContinuousClock.now
        var model = model
        let perEpoch = (train.count + settings.batchSize - 1) / settings.batchSize, total = perEpoch * settings.epochs
        let schedule = LearningRateSchedule(peak: settings.learningRate, warmupSteps: Int((settings.warmupFraction * Double(total)).rounded()),
                                            totalSteps: total)
        let optimizer = AdamW(epsilon: settings.adamEpsilon, weightDecay: settings.weightDecay)
        var moments = model.tensors.map { AdamW.Moments(count: $0.count) }
        let layers = model.encoderLayers
        let multipliers = model.shapes.map { layerRateMultiplier(tensor: $0.name, layers: layers, decay: settings.layerDecay) }
        let shuffle = SequenceShuffle(count: train.count, seed: seed)
        var step = 0, epochs: [EpochMetrics] = [], last = ConfusionMatrix(classes: model.classCount)
        observe(.started(seed: seed, steps: total))
        for epoch in 0..<settings.epochs {
            let order = shuffle.order(epoch: epoch)
            var epochLoss = 0.0, windowLoss = 0.0, windowSteps = 0
            for start in stride(from: 0, to: order.count, by: settings.batchSize) {
                let batch = train.batch(order[start..<min(order.count, start + settings.batchSize)])
                var random = SeededGenerator(seed: seed, stream: 2, index: UInt64(step))
                var gradients: Model? = model.zeroed()
                let logits = model.logits(batch, dropout: settings.dropout, generator: &random, gradients: &gradients)
                let loss = Model.crossEntropy(logits, labels: batch.labels, classes: model.classCount).loss
                var flat = gradients!.tensors
                gradients = nil
                clipGlobalNorm(&flat, maximum: settings.clipNorm)
                // As in pretraining, the rate is read at the step before it is incremented.
                let rate = schedule.rate(at: step)
                var index = 0
                step += 1
                model.visit { _, _, tensor, decays in
                    optimizer.update(&tensor, gradients: flat[index], moments: &moments[index], learningRate: rate * multipliers[index],
                                     step: step, decays: decays)
                    index += 1
                }
                epochLoss += loss
                windowLoss += loss
                windowSteps += 1
                if step % reportEvery == 0 || step == total {
                    observe(.trained(seed: seed, step: step, steps: total, loss: windowLoss / Double(windowSteps), learningRate: rate))
                    windowLoss = 0
                    windowSteps = 0
                }
            }
            let (devLoss, confusion) = Self.evaluate(model, on: dev, batchSize: settings.batchSize)
            last = confusion
            let metrics = EpochMetrics(epoch: epoch + 1, step: step, trainLoss: epochLoss / Double(perEpoch), devLoss: devLoss,
                                       accuracy: confusion.accuracy, matthewsCorrelation: confusion.matthewsCorrelation)
            epochs.append(metrics)
            observe(.evaluated(seed: seed, metrics))
        }
        let elapsed = ContinuousClock.now - started
        return SeedResult(seed: seed, accuracy: last.accuracy, matthewsCorrelation: last.matthewsCorrelation, confusion: last,
                          epochs: epochs, steps: step,
                          seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }

    /// Mean cross-entropy per example and the confusion matrix of `model` on `examples`, in
    /// file order, dropout off.
    public static func evaluate(_ model: Model, on examples: EncodedExamples, batchSize: Int) -> (loss: Double, confusion: ConfusionMatrix) {
        var confusion = ConfusionMatrix(classes: model.classCount), total = 0.0
        var none = SeededGenerator(seed: 0, stream: 3)
        for start in stride(from: 0, to: examples.count, by: batchSize) {
            let batch = examples.batch(start..<min(examples.count, start + batchSize))
            var noGradients: Model? = nil
            let logits = model.logits(batch, dropout: 0, generator: &none, gradients: &noGradients)
            total += Model.crossEntropy(logits, labels: batch.labels, classes: model.classCount).loss * Double(batch.batch)
            for row in 0..<batch.batch {
                confusion.add(truth: Int(batch.labels[row]), predicted: Int(Sampling.argmax(logits, row: row, classes: model.classCount)))
            }
        }
        return (total / Double(examples.count), confusion)
    }
}
