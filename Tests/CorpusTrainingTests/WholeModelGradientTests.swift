import CorpusModels
import CorpusTestSupport
import CorpusTraining
import Testing

@Suite("Whole-model gradients against finite differences (Float64)")
struct WholeModelGradientTests {
    /// Vocabulary 12, embedding 4 (projected to 6 and to 2), two sequences of 5 with padding.
    static let shape = ElectraShape(vocabulary: 12, embedding: 4, maximumLength: 6,
                                    discriminator: EncoderShape(hidden: 6, layers: 2, heads: 2, feedForward: 8),
                                    generator: EncoderShape(hidden: 2, layers: 1, heads: 1, feedForward: 4))
    static let batch = TrainingBatch(ids: [5, 7, 9, 4, 11, 6, 8, 10, 0, 0], batch: 2, length: 5,
                                     keep: [true, true, true, true, true, true, true, true, false, false])
    static let special: Set<Int32> = [0, 1, 2, 3]

    @Test("every ELECTRA weight, generator and discriminator, through L_gen + 50 L_disc with dropout, padding and sampling")
    func electraPair() {
        var random = SplitMix64(seed: 5)
        let model = ElectraModel<Double>(shape: Self.shape, deviation: 0.4, generator: &random)
        let objective = ReplacedTokenDetection(masking: Masking(rate: 0.4), maskID: 3, special: Self.special, dropout: 0.1)
        func loss(_ tensors: [[Double]]) -> Double {
            var draws = SplitMix64(seed: 77)  // the same masks, samples and dropout on every evaluation
            var none: ElectraModel<Double>? = nil
            return objective.run(model.replacing(tensors), batch: Self.batch, training: true, generator: &draws, gradients: &none).loss
        }
        var draws = SplitMix64(seed: 77)
        var gradients: ElectraModel<Double>? = model.zeroed()
        let outcome = objective.run(model, batch: Self.batch, training: true, generator: &draws, gradients: &gradients)
        // The check means something only when both labels occur and the generator has positions.
        #expect(outcome.predicted >= 2)
        #expect(outcome.replaced >= 1 && outcome.replaced < outcome.judged)
        #expect(outcome.judged == 8)
        let error = maximumGradientError(model.tensors, loss: loss, analytic: gradients!.tensors)
        #expect(error < 1e-6, "worst relative error \(error)")
    }

    @Test("every weight of the MLM baseline through its masked-LM loss")
    func maskedLanguageModel() {
        var random = SplitMix64(seed: 6)
        let model = MaskedLanguageModel<Double>(shape: Self.shape, deviation: 0.4, generator: &random)
        let objective = MaskedLanguageModeling(masking: Masking(rate: 0.4), maskID: 3, special: Self.special, dropout: 0.1)
        func loss(_ tensors: [[Double]]) -> Double {
            var draws = SplitMix64(seed: 78)
            var none: MaskedLanguageModel<Double>? = nil
            return objective.run(model.replacing(tensors), batch: Self.batch, training: true, generator: &draws, gradients: &none).loss
        }
        var draws = SplitMix64(seed: 78)
        var gradients: MaskedLanguageModel<Double>? = model.zeroed()
        let outcome = objective.run(model, batch: Self.batch, training: true, generator: &draws, gradients: &gradients)
        #expect(outcome.predicted >= 2)
        let error = maximumGradientError(model.tensors, loss: loss, analytic: gradients!.tensors)
        #expect(error < 1e-6, "worst relative error \(error)")
    }

    @Test("a wrong discriminator weight in the loss makes the check fail")
    func checkCatchesAWrongScale() {
        var random = SplitMix64(seed: 5)
        let model = ElectraModel<Double>(shape: Self.shape, deviation: 0.4, generator: &random)
        let objective = ReplacedTokenDetection(masking: Masking(rate: 0.4), maskID: 3, special: Self.special, dropout: 0)
        var skewed = objective
        skewed.discriminatorWeight = 49  // gradients for λ = 49 against a loss with λ = 50
        func loss(_ tensors: [[Double]]) -> Double {
            var draws = SplitMix64(seed: 77)
            var none: ElectraModel<Double>? = nil
            return objective.run(model.replacing(tensors), batch: Self.batch, training: true, generator: &draws, gradients: &none).loss
        }
        var draws = SplitMix64(seed: 77)
        var gradients: ElectraModel<Double>? = model.zeroed()
        _ = skewed.run(model, batch: Self.batch, training: true, generator: &draws, gradients: &gradients)
        #expect(maximumGradientError(model.tensors, loss: loss, analytic: gradients!.tensors) > 1e-3)
    }
}
