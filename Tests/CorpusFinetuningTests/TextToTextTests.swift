import CorpusFinetuning
import CorpusModels
import CorpusTensors
import CorpusTraining
import Foundation
import Testing

@Suite("Text-to-text loss on targets only, and rank classification")
struct TextToTextTests {
    /// A random T5 with 24 ids (width 16, 1 + 2 blocks).
    static func model(seed: UInt64 = 5) -> T5Model<Float> {
        var random = SeededGenerator(seed: seed)
        return T5Model(shape: T5Shape(vocabulary: 24, width: 16, heads: 2, headWidth: 8, feedForward: 32, encoderLayers: 1, decoderLayers: 2),
                       generator: &random)
    }

    @Test("a batch puts targets behind the start id 0 in the decoder, labels only target tokens, and pads with -1")
    func batchLayout() {
        let batch = TextToTextBatch(inputs: [[5, 6, 7, 1], [8, 1]], targets: [[9, 1], [10, 11, 1]])
        #expect(batch.model.inputLength == 4 && batch.model.targetLength == 3)
        #expect(batch.model.inputs == [5, 6, 7, 1, 8, 1, 0, 0] && batch.model.inputKeep == [true, true, true, true, true, true, false, false])
        #expect(batch.model.decoderInputs == [0, 9, 1, 0, 10, 11])
        #expect(batch.model.decoderKeep == [true, true, false, true, true, true])
        #expect(batch.labels == [9, 1, -1, 10, 11, 1])
    }

    @Test("the loss is the mean negative log-likelihood of the target tokens alone; logit gradients are zero off them")
    func targetOnlyLoss() {
        let model = Self.model()
        let batch = TextToTextBatch(inputs: [[5, 6, 7, 1], [8, 1]], targets: [[9, 1], [10, 11, 1]])
        var none = SeededGenerator(seed: 0)
        var noGradients: T5Model<Float>? = nil
        let loss = TextToText.loss(model, batch: batch, dropout: 0, training: false, generator: &none, gradients: &noGradients)
        let likelihoods = TextToText.logLikelihoods(model, batch: batch)
        #expect(likelihoods.map(\.tokens) == [2, 3])
        #expect(abs(loss + likelihoods.map(\.sum).reduce(0, +) / 5) < 1e-5)
        // On the logits: rows without a target token get exactly no gradient; the others sum to 0.
        let logits = model.forward(batch.model, dropout: 0, generator: &none).logits
        let (same, dLogits) = TextToText.targetLoss(logits: logits, labels: batch.labels, vocabulary: 24)
        #expect(same == loss)
        for (row, label) in batch.labels.enumerated() {
            let slice = dLogits[(row * 24)..<((row + 1) * 24)]
            if label < 0 { #expect(slice.allSatisfy { $0 == 0 }) } else { #expect(abs(slice.reduce(0, +)) < 1e-6 && slice[row * 24 + Int(label)] < 0) }
        }
    }

    @Test("whatever ids fill the padding of either stack, the loss and every gradient stay the same")
    func paddingNeverContributes() {
        let model = Self.model()
        let batch = TextToTextBatch(inputs: [[5, 6, 7, 1], [8, 1]], targets: [[9, 1], [10, 11, 1]])
        var noisy = batch
        for index in noisy.model.inputs.indices where !noisy.model.inputKeep[index] { noisy.model.inputs[index] = 17 }
        for index in noisy.model.decoderInputs.indices where !noisy.model.decoderKeep[index] { noisy.model.decoderInputs[index] = 19 }
        #expect(noisy != batch)
        func run(_ b: TextToTextBatch) -> (Double, [[Float]]) {
            var random = SeededGenerator(seed: 1)
            var gradients: T5Model<Float>? = model.zeroed()
            let loss = TextToText.loss(model, batch: b, dropout: 0, training: true, generator: &random, gradients: &gradients)
            return (loss, gradients!.tensors)
        }
        let (a, ga) = run(batch), (b, gb) = run(noisy)
        #expect(a == b)
        #expect(ga == gb)
        #expect(ga.contains { $0.contains { $0 != 0 } })
    }

    /// log p(option | input), one token at a time: the decoder reads the prefix alone and the
    /// last position's log-softmax is read (no shared batch, no masks).
    static func stepwiseLogLikelihood(_ model: T5Model<Float>, input: [Int32], option: [Int32]) -> Double {
        var total = 0.0
        var none = SeededGenerator(seed: 0)
        for k in 0..<option.count {
            let decoder: [Int32] = [0] + option[0..<k]
            let batch = T5Model<Float>.Batch(batch: 1, inputLength: input.count, targetLength: decoder.count, inputs: input,
                                             inputKeep: input.map { _ in true }, decoderInputs: decoder, decoderKeep: decoder.map { _ in true })
            let logits = model.forward(batch, dropout: 0, generator: &none).logits.suffix(24).map(Double.init)
            let maximum = logits.max()!
            total += logits[Int(option[k])] - maximum - Foundation.log(logits.reduce(0) { $0 + Foundation.exp($1 - maximum) })
        }
        return total
    }

    @Test("rank classification scores each option by the sum of its tokens' log-probabilities and picks the most likely")
    func rankClassification() {
        let model = Self.model(seed: 9)
        let inputs: [[Int32]] = [[4, 5, 6, 1], [7, 1]]
        let options: [[Int32]] = [[8, 1], [9, 10, 11, 1], [12, 1]]
        let encoded = EncodedInstructions(inputs: inputs, targets: [options[0], options[0]], options: [options, options], answers: [0, 0])
        let sums = RankClassification.scores(model, encoded, scoring: .sum, rowsPerBatch: 4)
        let means = RankClassification.scores(model, encoded, scoring: .mean)
        for (example, input) in inputs.enumerated() {
            let direct = options.map { Self.stepwiseLogLikelihood(model, input: input, option: $0) }
            for (index, option) in options.enumerated() {
                #expect(abs(sums[example]![index] - direct[index]) < 1e-4, "example \(example) option \(index)")
                #expect(abs(means[example]![index] - direct[index] / Double(option.count)) < 1e-4)
            }
            #expect(RankClassification.best(sums[example]!) == direct.indices.max { direct[$0] < direct[$1] })
        }
        // Examples whose target is the most likely option are all right, the others all wrong.
        let words = ["alpha", "beta gamma", "delta"]
        let best = sums.map { RankClassification.best($0!) }
        let right = inputs.indices.map { InstructionExample(inputs: "x", targets: words[best[$0]], options: words) }
        let wrong = inputs.indices.map { InstructionExample(inputs: "x", targets: words[(best[$0] + 1) % 3], options: words) }
        let rightEncoded = EncodedInstructions(inputs: inputs, targets: best.map { options[$0] }, options: [options, options], answers: best)
        #expect(RankClassification(model, examples: right, encoded: rightEncoded, scoring: .sum).accuracy == 1)
        let figures = RankClassification(model, examples: wrong, encoded: rightEncoded, scoring: .sum)
        #expect(figures.accuracy == 0 && figures.classes == words && figures.confusion.total == 2)
    }
}
