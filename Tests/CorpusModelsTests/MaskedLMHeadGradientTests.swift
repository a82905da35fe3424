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
        let count = head.tensors.count
        func loss(_ inputs: [[Double]]) -> Double {
            let logits = head.replacing(Array(inputs[..<count])).forward(inputs[count + 1], rows: rows, table: inputs[count]).logits
            return CrossEntropy.forward(logits: logits, targets: targets, classes: vocabulary).loss
        }
        let (logits, activations) = head.forward(h, rows: rows, table: table)
        let ce = CrossEntropy.forward(logits: logits, targets: targets, classes: vocabulary)
        var dLogits = [Double](repeating: 0, count: logits.count)
        CrossEntropy.backward(probabilities: ce.probabilities, targets: targets, classes: vocabulary, counted: ce.counted, dLogits: &dLogits)
        var gradients = head.zeroed(), dTable = [Double](repeating: 0, count: table.count)
        let dh = head.backward(dLogits, activations: activations, rows: rows, table: table, gradients: &gradients, dTable: &dTable)
        #expect(maximumGradientError(head.tensors + [table, h], loss: loss, analytic: gradients.tensors + [dTable, dh]) < 1e-6)
    }
}
