import CorpusModels
import CorpusTensors
import CorpusTestSupport
import Testing

@Suite("Masked-LM head gradients against finite differences (Float64)")
struct MaskedLMHeadGradientTests {
    @Test("transform, layer norm, output bias, the tied embedding table and the hidden states, through cross-entropy")
    func headThroughCrossEntropy() {
        var g = SplitMix64(seed: 41)
        let (rows, hidden, width, vocabulary) = (3, 5, 4, 7)
        let head = MaskedLMHead<Double>(hidden: hidden, width: width, vocabulary: vocabulary, deviation: 0.5, generator: &g)
        let table = randomValues(vocabulary * width, &g), h = randomValues(rows * hidden, &g)
        let targets: [Int32] = [6, 0, 3]
        func tensors(_ head: MaskedLMHead<Double>) -> [[Double]] {
            var copy = head, out: [[Double]] = []
            copy.visit { _, tensor, _ in out.append(tensor) }
            return out
        }
        func loss(_ inputs: [[Double]]) -> Double {
            var copy = head, index = 0
            copy.visit { _, tensor, _ in tensor = inputs[index]; index += 1 }
            let logits = copy.forward(inputs[index + 1], rows: rows, table: inputs[index]).logits
            return CrossEntropy.forward(logits: logits, targets: targets, classes: vocabulary).loss
        }
        let (logits, activations) = head.forward(h, rows: rows, table: table)
        let ce = CrossEntropy.forward(logits: logits, targets: targets, classes: vocabulary)
        var dLogits = [Double](repeating: 0, count: logits.count)
        CrossEntropy.backward(probabilities: ce.probabilities, targets: targets, classes: vocabulary, counted: ce.counted, dLogits: &dLogits)
        var gradients = head.zeroed(), dTable = [Double](repeating: 0, count: table.count)
        let dh = head.backward(dLogits, activations: activations, rows: rows, table: table, gradients: &gradients, dTable: &dTable)
        #expect(maximumGradientError(tensors(head) + [table, h], loss: loss, analytic: tensors(gradients) + [dTable, dh]) < 1e-6)
    }
}
