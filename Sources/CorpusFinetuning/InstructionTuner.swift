import CorpusModels
import CorpusShards
import CorpusTensors
import CorpusTraining

/// The held-out task's figures after one epoch.
public struct InstructionEpoch: Codable, Sendable, Equatable {
    /// The epoch (1-based) and the optimizer steps taken by its end.
    public var epoch: Int, step: Int
    /// Mean training loss per target token over the epoch's steps.
    public var trainLoss: Double
    /// Rank classification on the held-out task.
    public var heldout: RankClassification

    enum CodingKeys: String, CodingKey {
        case epoch, step, trainLoss = "train_loss", heldout
    }
}

/// What instruction tuning reports as it goes.
public enum InstructionEvent: Sendable {
    /// The held-out task was scored with the model as loaded (zero-shot), before any step.
    case zeroShot(RankClassification)
    /// Training figures: the mean loss over the steps since the last report.
    case trained(step: Int, steps: Int, loss: Double, learningRate: Double)
    /// An epoch ended and the held-out task was scored.
    case evaluated(InstructionEpoch)
}

/// What a tuning run did: the zero-shot and per-epoch held-out figures, and every step's loss.
public struct InstructionTraining: Sendable {
    /// The tuned model.
    public var model: T5Model<Float>
    /// Held-out figures before the first step.
    public var zeroShot: RankClassification
    /// Held-out figures after each epoch.
    public var epochs: [InstructionEpoch]
    /// Each step's training loss and learning rate, in step order.
    public var losses: [Double], rates: [Double]
    /// Wall-clock seconds.
    public var seconds: Double
}

/// Fine-tunes a T5 encoder-decoder text-to-text with teacher forcing, the loss on target tokens
/// only, AdamW (bias-corrected), global-norm clipping. Step `s` draws its dropout from
/// `SeededGenerator(seed, stream: 2, index: s)` and epoch `e` reads the mixture in
/// `SequenceShuffle(seed)`'s order `e`: the seed fixes the result on any thread count.
public struct InstructionTuner: Sendable {
    /// The settings.
    public let settings: InstructionSettings
    /// Steps between `trained` events.
    public var reportEvery = 10

    /// A tuner with these settings.
    public init(settings: InstructionSettings) {
        self.settings = settings
    }

    /// Optimizer steps for `examples` training examples.
    public func steps(examples: Int) -> Int { (examples + settings.batchSize - 1) / settings.batchSize * settings.epochs }

    /// Trains `model` on `train`, scoring `heldout` (examples with options, and their
    /// encoding) before the first step and after each epoch.
    public func run(_ model: T5Model<Float>, train: EncodedInstructions, heldout: [InstructionExample], encodedHeldout: EncodedInstructions,
                    observe: (InstructionEvent) -> Void = { _ in }) -> InstructionTraining {
        precondition(train.count > 0 && !heldout.isEmpty, "InstructionTuner: empty training mixture or held-out task")
        let started = ContinuousClock.now
        var model = model
        let seed = settings.seed, total = steps(examples: train.count)
        let evaluationRows = max(settings.batchSize, 8)
        func score(_ model: T5Model<Float>) -> RankClassification {
            RankClassification(model, examples: heldout, encoded: encodedHeldout, scoring: settings.scoring, rowsPerBatch: evaluationRows)
        }
        let zeroShot = score(model)
        observe(.zeroShot(zeroShot))
        let optimizer = AdamW(epsilon: settings.adamEpsilon, weightDecay: settings.weightDecay, biasCorrection: true)
        var moments = model.tensors.map { AdamW.Moments(count: $0.count) }
        let shuffle = SequenceShuffle(count: train.count, seed: seed)
        var step = 0, epochs: [InstructionEpoch] = [], losses: [Double] = [], rates: [Double] = []
        for epoch in 0..<settings.epochs {
            let order = shuffle.order(epoch: epoch)
            var epochLoss = 0.0, epochSteps = 0, windowLoss = 0.0, windowSteps = 0
            for start in stride(from: 0, to: order.count, by: settings.batchSize) {
                let batch = train.batch(order[start..<min(order.count, start + settings.batchSize)])
                var random = SeededGenerator(seed: seed, stream: 2, index: UInt64(step))
                var gradients: T5Model<Float>? = model.zeroed()
                let loss = TextToText.loss(model, batch: batch, dropout: settings.dropout, training: true, generator: &random,
                                           gradients: &gradients)
                var flat = gradients!.tensors
                gradients = nil
                clipGlobalNorm(&flat, maximum: settings.clipNorm)
                let rate = settings.rate(at: step, total: total)
                var index = 0
                step += 1
                model.visit { _, _, tensor, decays in
                    optimizer.update(&tensor, gradients: flat[index], moments: &moments[index], learningRate: rate, step: step, decays: decays)
                    index += 1
                }
                losses.append(loss)
                rates.append(rate)
                epochLoss += loss
                epochSteps += 1
                windowLoss += loss
                windowSteps += 1
                if step % reportEvery == 0 || step == total {
                    observe(.trained(step: step, steps: total, loss: windowLoss / Double(windowSteps), learningRate: rate))
                    windowLoss = 0
                    windowSteps = 0
                }
            }
            let figures = InstructionEpoch(epoch: epoch + 1, step: step, trainLoss: epochLoss / Double(max(1, epochSteps)), heldout: score(model))
            epochs.append(figures)
            observe(.evaluated(figures))
        }
        let elapsed = ContinuousClock.now - started
        return InstructionTraining(model: model, zeroShot: zeroShot, epochs: epochs, losses: losses, rates: rates,
                                   seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
}
