import CorpusModels
import CorpusTraining
import Foundation

extension PretrainingSettings {
    /// Masked positions per step the counts assume: `round(mask_rate × sequence_length)` per
    /// sequence, at most `maximumPredictions` (the real count is a little lower when a sequence
    /// holds special tokens or padding, which are never masked).
    public var predictionsPerStep: Int {
        min(Int((masking.rate * Double(sequenceLength)).rounded()), masking.maximumPredictions) * batchSize
    }

    /// Matrix-product FLOPs of one training step (`StepFLOPs`): ELECTRA's generator and
    /// discriminator for `rtd`, the encoder and its masked-LM head for `mlm`, the T5 encoder and
    /// decoder for the T5 objectives, whose decoder runs over the objective's padded target
    /// length, as training does (span corruption's targets are short; i.i.d. masking's and
    /// prefix LM's are padded to the text's length). Nil for `ul2` (a mixture of target
    /// lengths) and `causal-lm`.
    public func stepFLOPs() -> StepFLOPs? {
        switch (objective, model) {
        case (.rtd, .electra(let shape)):
            return StepFLOPs(electra: shape, batch: batchSize, length: sequenceLength, predictions: predictionsPerStep)
        case (.mlm, .electra(let shape)):
            return StepFLOPs(maskedLM: shape, batch: batchSize, length: sequenceLength, predictions: predictionsPerStep)
        case (.span, .t5(let shape)), (.bertStyle, .t5(let shape)), (.iidSentinel, .t5(let shape)), (.drop, .t5(let shape)),
             (.deshuffle, .t5(let shape)), (.prefixLM, .t5(let shape)):
            let denoising = T5Denoising(t5Objective, noiseDensity: self.denoising.noiseDensity,
                                        meanNoiseSpanLength: self.denoising.meanNoiseSpanLength,
                                        randomTokenShare: self.denoising.randomTokenShare)
            return StepFLOPs(t5: shape, batch: batchSize, inputLength: sequenceLength,
                             targetLength: denoising.maximumTargetsLength(inputsLength: sequenceLength))
        default:
            return nil
        }
    }
}

/// A pretrain stage's steps set so that its training FLOPs equal an earlier stage's
/// (`equal_flops_with: STAGE`): that stage's steps × FLOPs per step, divided by this stage's
/// FLOPs per step, rounded to the nearest step.
public struct ComputeMatch: Codable, Sendable, Equatable {
    /// The earlier pretrain stage whose compute is matched.
    public var stage: String
    /// Its steps, FLOPs per step and FLOPs in all.
    public var referenceSteps: Int, referenceFLOPsPerStep: Double, referenceFLOPs: Double
    /// This stage's FLOPs per step and the steps that result.
    public var flopsPerStep: Double, steps: Int

    /// The match of `settings` (vocabulary resolved) to `reference` (likewise) named `stage`;
    /// nil when either objective has no FLOP count.
    public init?(settings: PretrainingSettings, reference: PretrainingSettings, stage: String) {
        guard let own = settings.stepFLOPs()?.total, let other = reference.stepFLOPs()?.total, own > 0 else { return nil }
        self.stage = stage
        referenceSteps = reference.steps
        referenceFLOPsPerStep = other
        referenceFLOPs = other * Double(reference.steps)
        flopsPerStep = own
        steps = max(1, Int((referenceFLOPs / own).rounded()))
    }
}

extension StageConfig {
    /// `equal_flops_with: STAGE` of pretrain stage `name`: the steps that match the earlier
    /// pretrain stage's training FLOPs, with both vocabularies taken from their tokenizer stages.
    static func equalizeFLOPs(_ config: PretrainConfig, stage name: String, input: String, with reference: String,
                              earlier: [StageConfig], mapping m: ConfigMapping) throws(ConfigProblem) -> PretrainConfig {
        guard let other = earlier.first(where: { $0.name == reference }) else {
            throw m.problem("equal_flops_with", "no earlier stage is named \"\(reference)\" (earlier: \(earlier.map(\.name).joined(separator: ", ")))")
        }
        guard case .pretrain(let otherConfig) = other.settings, let otherInput = other.input else {
            throw m.problem("equal_flops_with", "stage \"\(reference)\" is a \(other.settings.type) stage; name an earlier pretrain stage")
        }
        guard let ownVocabulary = Self.vocabulary(of: config, input: input, earlier: earlier),
              let otherVocabulary = Self.vocabulary(of: otherConfig, input: otherInput, earlier: earlier) else {
            throw m.problem("equal_flops_with", "the vocabulary size is unknown: give model.vocabulary, or read shards made by a tokenizer stage of this pipeline")
        }
        var resolved = config.settings(vocabulary: ownVocabulary)
        guard let match = ComputeMatch(settings: resolved, reference: otherConfig.settings(vocabulary: otherVocabulary), stage: reference) else {
            let which = resolved.stepFLOPs() == nil ? resolved.objective.rawValue : otherConfig.settings.objective.rawValue
            throw m.problem("equal_flops_with", "FLOPs per step are not counted for objective \(which) (only rtd, mlm and the T5 objectives but ul2)")
        }
        resolved.steps = match.steps
        let problems = resolved.problems()
        guard problems.isEmpty else {
            throw m.problem("equal_flops_with", "the matched \(match.steps) steps do not fit the other settings: " + problems.joined(separator: "; "))
        }
        var result = config
        result.settings.steps = match.steps
        result.computeMatch = match
        return result
    }

    /// The vocabulary a pretrain stage will train with: the config's, or the size of the
    /// tokenizer stage its shard stage `input` encodes with.
    static func vocabulary(of config: PretrainConfig, input: String, earlier: [StageConfig]) -> Int? {
        if config.fixedVocabulary { return config.settings.model.vocabulary }
        guard let shard = earlier.first(where: { $0.name == input }), let tokenizerName = shard.tokenizer,
              let tokenizer = earlier.first(where: { $0.name == tokenizerName }), case .tokenizer(let settings) = tokenizer.settings else { return nil }
        return settings.training.vocabSize
    }
}
