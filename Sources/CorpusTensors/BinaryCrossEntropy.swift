/// Sigmoid binary cross-entropy on logits, averaged over the positions whose weight is 1
/// (ELECTRA's discriminator loss over real, non-padding tokens).
public enum BinaryCrossEntropy {
    /// The mean loss over weighted positions and the number of them.
    @inlinable
    public static func forward<T: TensorScalar>(logits: [T], labels: [T], weights: [T]) -> (loss: T, counted: T) {
        precondition(logits.count == labels.count && labels.count == weights.count, "BinaryCrossEntropy: shapes")
        var total: T = 0, counted: T = 0
        for i in logits.indices where weights[i] != 0 {
            let z = logits[i]
            // max(z, 0) − z·y + log(1 + e^−|z|): stable for large |z|.
            total += weights[i] * (max(z, 0) - z * labels[i] + T.log(1 + T.exp(-abs(z))))
            counted += weights[i]
        }
        return (counted > 0 ? total / counted : 0, counted)
    }

    /// Adds `scale · (σ(z) − y) · w / counted` to `dLogits`.
    @inlinable
    public static func backward<T: TensorScalar>(logits: [T], labels: [T], weights: [T], counted: T, scale: T = 1, dLogits: inout [T]) {
        guard counted > 0 else { return }
        for i in logits.indices where weights[i] != 0 {
            let sigmoid = 1 / (1 + T.exp(-logits[i]))
            dLogits[i] += scale * weights[i] * (sigmoid - labels[i]) / counted
        }
    }
}
