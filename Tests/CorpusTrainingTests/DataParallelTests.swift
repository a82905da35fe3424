import CorpusModels
import CorpusShards
import CorpusTensors
import CorpusTestSupport
@testable import CorpusTraining
import Foundation
import Testing

@Suite("Data-parallel pretraining: shares of a batch add up to the whole batch")
struct DataParallelShareTests {
    /// `rows` random sequences of `length` ids in `ids`, the last few positions of row 1 padding.
    static func batch(rows: Int, length: Int, ids: Range<UInt64>, seed: UInt64) -> TrainingBatch {
        var random = SplitMix64(seed: seed)
        let tokens = (0..<rows * length).map { _ in Int32(ids.lowerBound + random.next() % UInt64(ids.count)) }
        var keep = [Bool](repeating: true, count: tokens.count)
        for position in (2 * length - 3)..<(2 * length) { keep[position] = false }
        return TrainingBatch(ids: tokens, batch: rows, length: length, keep: keep)
    }

    /// Runs one training step's forward and backward on the whole `batch` and on each of
    /// `shares` shares of it (every share from the step's generator), and checks that the
    /// shares' gradients, loss terms and counts sum to the whole batch's, and that every share
    /// leaves the generator where the whole batch does.
    static func checkShares<O: PretrainingObjective>(_ objective: O, settings: PretrainingSettings, batch: TrainingBatch, shares: Int) throws {
        var initial = SeededGenerator(seed: 9, stream: 0)
        let model = objective.makeModel(settings: settings, generator: &initial)
        var wholeRandom = SeededGenerator(seed: 9, stream: 2, index: 5)
        var wholeGradients: O.Model? = model.zeroed()
        let whole = try objective.outcome(model, batch: batch, shard: .whole, training: true, generator: &wholeRandom, gradients: &wholeGradients)
        var summed = model.zeroed().tensors
        var loss = 0.0, predicted = 0, correct = 0, judged = 0, replaced = 0
        for index in 0..<shares {
            var random = SeededGenerator(seed: 9, stream: 2, index: 5)
            var gradients: O.Model? = model.zeroed()
            let part = try objective.outcome(model, batch: batch, shard: BatchShard(index: index, count: shares), training: true,
                                             generator: &random, gradients: &gradients)
            #expect(random == wholeRandom, "share \(index + 1) of \(shares) drew a different number of random values")
            for (t, tensor) in gradients!.tensors.enumerated() { for i in tensor.indices { summed[t][i] += tensor[i] } }
            loss += part.loss
            predicted += part.predicted
            correct += part.predictedCorrect
            judged += part.judged
            replaced += part.replaced
        }
        #expect(abs(loss - whole.loss) <= 1e-5 * abs(whole.loss), "loss \(loss) over \(shares) shares, \(whole.loss) whole")
        #expect(predicted == whole.predicted && correct == whole.predictedCorrect && judged == whole.judged && replaced == whole.replaced)
        var worst = 0.0
        for (t, tensor) in wholeGradients!.tensors.enumerated() {
            let scale = Double(tensor.map(abs).max() ?? 0)
            for i in tensor.indices {
                worst = max(worst, Double(abs(summed[t][i] - tensor[i])) / max(scale, 1e-6))
            }
        }
        #expect(worst < 1e-4, "the shares' gradients differ from the whole batch's by \(worst) of a tensor's largest entry")
    }

    static func electraSettings() -> PretrainingSettings {
        var settings = PretrainingRunTests.settings()
        // Odd sequence length and a one-head generator: some shares' dropout masks start mid-draw.
        settings.sequenceLength = 15
        return settings
    }

    @Test("ELECTRA: the shares' gradients, losses and counts sum to the whole batch's, on 2 and 4 shares", arguments: [2, 4])
    func replacedTokenDetection(shares: Int) throws {
        let batch = Self.batch(rows: 4, length: 15, ids: 8..<64, seed: 1)
        try Self.checkShares(PretrainingRunTests.objective, settings: Self.electraSettings(), batch: batch, shares: shares)
    }

    @Test("the masked-LM baseline: the shares add up to the whole batch")
    func maskedLanguageModeling() throws {
        let batch = Self.batch(rows: 4, length: 15, ids: 8..<64, seed: 2)
        let objective = MaskedLanguageModeling(maskID: 4, special: [0, 1, 2, 3, 4, 5, 6, 7])
        try Self.checkShares(objective, settings: Self.electraSettings(), batch: batch, shares: 2)
    }

    @Test("T5 span corruption and UL2: the shares add up to the whole batch", arguments: [PretrainingObjectiveKind.span, .ul2])
    func encoderDecoder(kind: PretrainingObjectiveKind) throws {
        let settings = EncoderDecoderRunTests.settings(kind)
        let objective = try EncoderDecoderRunTests.denoising(settings)
        let batch = Self.batch(rows: 4, length: objective.rawSequenceLength(settings: settings), ids: 6..<40, seed: 3)
        try Self.checkShares(objective, settings: settings, batch: batch, shares: 2)
    }

    @Test("causal LM: the shares add up to the whole batch")
    func causalLanguageModeling() throws {
        let settings = EncoderDecoderRunTests.settings(.causalLM)
        let batch = Self.batch(rows: 4, length: settings.sequenceLength, ids: 6..<40, seed: 4)
        try Self.checkShares(CausalLanguageModeling(dropout: 0.1), settings: settings, batch: batch, shares: 2)
    }

    @Test("a share's dropout mask is its rows' part of the whole batch's mask, at even and odd offsets")
    func dropoutMaskParts() {
        for (rows, width) in [(4, 6), (4, 7), (2, 225)] {
            var whole = SeededGenerator(seed: 3, stream: 2, index: 1)
            let mask: [Float] = Dropout.mask(count: rows * width, rate: 0.5, generator: &whole)
            for index in 0..<rows {
                var random = ShardedGenerator(SeededGenerator(seed: 3, stream: 2, index: 1), shard: BatchShard(index: index, count: rows))
                let part: [Float] = Dropout.mask(count: width, rate: 0.5, generator: &random)
                #expect(part == Array(mask[index * width ..< (index + 1) * width]), "row \(index) of \(rows) × \(width)")
                #expect(random.base == whole)
            }
        }
    }
}
