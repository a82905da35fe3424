import CorpusTensors

/// What a masked-LM pass's backward needs: the caches of the embeddings, the encoder and the head.
public struct MaskedLMActivations<T: TensorScalar> {
    @usableFromInline var embedded: Embeddings<T>.Activations
    @usableFromInline var encoder: Encoder<T>.Activations
    @usableFromInline var head: MaskedLMHead<T>.Activations

    @usableFromInline init(embedded: Embeddings<T>.Activations, encoder: Encoder<T>.Activations, head: MaskedLMHead<T>.Activations) {
        self.embedded = embedded
        self.encoder = encoder
        self.head = head
    }
}

/// Embeddings → encoder → masked-LM head at chosen positions, forward and backward: ELECTRA's
/// generator and the MLM baseline are both this pass over their own parts.
public enum MaskedLMPass {
    /// Logits (`positions.count × vocabulary`) at `positions` (indices into the flat
    /// `batch × length` grid); the head runs only there, as ELECTRA does.
    @inlinable
    public static func forward<T: TensorScalar, G: RandomNumberGenerator>(
        embeddings: Embeddings<T>, encoder: Encoder<T>, head: MaskedLMHead<T>, ids: [Int32], batch: Int, length: Int,
        keep: [Bool], positions: [Int], dropout: Double, generator random: inout G) -> (logits: [T], activations: MaskedLMActivations<T>) {
        let (embedded, embeddingCache) = embeddings.forward(ids, batch: batch, length: length, dropout: dropout, generator: &random)
        let (hidden, encoderCache) = encoder.forward(embedded, batch: batch, length: length, keep: keep, dropout: dropout, generator: &random)
        let width = encoder.shape.hidden
        var gathered = [T](repeating: 0, count: positions.count * width)
        for (row, position) in positions.enumerated() {
            for c in 0..<width { gathered[row * width + c] = hidden[position * width + c] }
        }
        let (logits, headCache) = head.forward(gathered, rows: positions.count, table: embeddings.tokens)
        return (logits, MaskedLMActivations(embedded: embeddingCache, encoder: encoderCache, head: headCache))
    }

    /// Adds the gradients of the three parts (the head's tied table into `dEmbeddings.tokens`).
    @inlinable
    public static func backward<T: TensorScalar>(
        _ dLogits: [T], embeddings: Embeddings<T>, encoder: Encoder<T>, head: MaskedLMHead<T>, ids: [Int32], batch: Int, length: Int,
        positions: [Int], activations a: MaskedLMActivations<T>,
        dEmbeddings: inout Embeddings<T>, dEncoder: inout Encoder<T>, dHead: inout MaskedLMHead<T>) {
        let dGathered = head.backward(dLogits, activations: a.head, rows: positions.count, table: embeddings.tokens,
                                      gradients: &dHead, dTable: &dEmbeddings.tokens)
        let width = encoder.shape.hidden
        var dHidden = [T](repeating: 0, count: batch * length * width)
        for (row, position) in positions.enumerated() {
            for c in 0..<width { dHidden[position * width + c] += dGathered[row * width + c] }
        }
        let dEmbedded = encoder.backward(dHidden, activations: a.encoder, batch: batch, length: length, gradients: &dEncoder)
        embeddings.backward(dEmbedded, ids: ids, activations: a.embedded, batch: batch, length: length, gradients: &dEmbeddings)
    }
}
