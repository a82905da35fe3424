/// An instruct stage's results: the T5 it started from, the mixture, and the held-out task's
/// rank-classification figures before tuning (zero-shot), after each epoch and at the end.
public struct InstructionFigures: Codable, Sendable, Equatable {
    /// The pretrain stage whose model was tuned, its objective, and the step of its checkpoint.
    public var model: String, objective: String, pretrainingStep: Int
    /// The model in words.
    public var summary: String
    /// Training examples per task of the mixture.
    public var mixture: [String: Int]
    /// The held-out task names, its examples scored, and the largest option's share of them.
    public var heldoutTasks: [String], heldoutExamples: Int, majority: Double
    /// Held-out figures before the first step, after each epoch, and after the last.
    public var zeroShot: HeldoutFigures, epochs: [InstructionEpochFigures], final: HeldoutFigures
    /// Optimizer steps taken.
    public var steps: Int

    /// `final.accuracy − zeroShot.accuracy`: what tuning gained on the held-out task.
    public var gain: Double { final.accuracy - zeroShot.accuracy }

    /// The figures of one instruct stage.
    public init(model: String, objective: String, pretrainingStep: Int, summary: String, mixture: [String: Int], heldoutTasks: [String],
                heldoutExamples: Int, majority: Double, zeroShot: HeldoutFigures, epochs: [InstructionEpochFigures], final: HeldoutFigures,
                steps: Int) {
        self.model = model
        self.objective = objective
        self.pretrainingStep = pretrainingStep
        self.summary = summary
        self.mixture = mixture
        self.heldoutTasks = heldoutTasks
        self.heldoutExamples = heldoutExamples
        self.majority = majority
        self.zeroShot = zeroShot
        self.epochs = epochs
        self.final = final
        self.steps = steps
    }
}

/// Rank classification on the held-out task at one point of tuning.
public struct HeldoutFigures: Codable, Sendable, Equatable {
    /// Share of examples whose best-scored option is the target, and Matthews correlation.
    public var accuracy: Double, mcc: Double
    /// Mean score (log-likelihood) of the right option.
    public var meanTargetLogLikelihood: Double

    /// Figures from their values.
    public init(accuracy: Double, mcc: Double, meanTargetLogLikelihood: Double) {
        self.accuracy = accuracy
        self.mcc = mcc
        self.meanTargetLogLikelihood = meanTargetLogLikelihood
    }
}

/// The held-out figures after one epoch of instruction tuning.
public struct InstructionEpochFigures: Codable, Sendable, Equatable {
    /// The epoch (1-based) and the optimizer steps taken by its end.
    public var epoch: Int, step: Int
    /// Mean training loss per target token over the epoch.
    public var trainLoss: Double
    /// Rank classification on the held-out task.
    public var heldout: HeldoutFigures

    /// An epoch's figures.
    public init(epoch: Int, step: Int, trainLoss: Double, heldout: HeldoutFigures) {
        self.epoch = epoch
        self.step = step
        self.trainLoss = trainLoss
        self.heldout = heldout
    }
}
