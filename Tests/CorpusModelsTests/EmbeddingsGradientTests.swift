import CorpusModels
import CorpusTestSupport
import Testing

@Suite("Embedding block gradients against finite differences (Float64)")
struct EmbeddingsGradientTests {
    @Test("token, position and token-type tables and the layer norm, with repeated ids and dropout")
    func embeddingBlock() {
        var g = SplitMix64(seed: 31)
        let (batch, length) = (2, 3)
        let ids: [Int32] = [4, 1, 4, 0, 2, 1]
        let embeddings = Embeddings<Double>(vocabulary: 6, width: 4, maximumLength: 5, deviation: 0.5, generator: &g)
        let r = randomValues(batch * length * 4, &g)
        func tensors(_ e: Embeddings<Double>) -> [[Double]] {
            var copy = e, out: [[Double]] = []
            copy.visit { _, tensor, _ in out.append(tensor) }
            return out
        }
        func loss(_ inputs: [[Double]]) -> Double {
            var e = embeddings, index = 0
            e.visit { _, tensor, _ in tensor = inputs[index]; index += 1 }
            var dropout = SplitMix64(seed: 7)
            return projected(e.forward(ids, batch: batch, length: length, dropout: 0.25, generator: &dropout).y, r)
        }
        var dropout = SplitMix64(seed: 7)
        let activations = embeddings.forward(ids, batch: batch, length: length, dropout: 0.25, generator: &dropout).activations
        var gradients = embeddings.zeroed()
        embeddings.backward(r, ids: ids, activations: activations, batch: batch, length: length, gradients: &gradients)
        #expect(maximumGradientError(tensors(embeddings), loss: loss, analytic: tensors(gradients)) < 1e-6)
    }
}
