/// Softmax cross-entropy over a vocabulary, averaged over the rows that have a target
/// (`target < 0` marks a row to ignore, as PyTorch's `ignore_index`).
public enum CrossEntropy {
    /// The mean loss, each row's softmax probabilities (for backward and accuracy), and the
    /// number of rows that counted.
    @inlinable
    public static func forward<T: TensorScalar>(logits: [T], targets: [Int32], classes: Int) -> (loss: T, probabilities: [T], counted: Int) {
        precondition(logits.count == targets.count * classes, "CrossEntropy: shapes")
        var probabilities = [T](repeating: 0, count: logits.count)
        var total: T = 0
        var counted = 0
        for r in targets.indices {
            let base = r * classes
            var maximum = -T.greatestFiniteMagnitude
            for c in 0..<classes { maximum = max(maximum, logits[base + c]) }
            var sum: T = 0
            for c in 0..<classes {
                let e = T.exp(logits[base + c] - maximum)
                probabilities[base + c] = e
                sum += e
            }
            for c in 0..<classes { probabilities[base + c] /= sum }
            let target = Int(targets[r])
            guard target >= 0 else { continue }
            precondition(target < classes, "CrossEntropy: target \(target) outside \(classes) classes")
            total += T.log(sum) + maximum - logits[base + target]
            counted += 1
        }
        return (counted > 0 ? total / T(counted) : 0, probabilities, counted)
    }

    /// Adds `scale · ∂loss/∂logits = scale · (softmax − onehot(target)) / counted` to `dLogits`.
    @inlinable
    public static func backward<T: TensorScalar>(probabilities: [T], targets: [Int32], classes: Int, counted: Int,
                                                 scale: T = 1, dLogits: inout [T]) {
        guard counted > 0 else { return }
        let factor = scale / T(counted)
        for r in targets.indices where targets[r] >= 0 {
            let base = r * classes
            for c in 0..<classes { dLogits[base + c] += factor * probabilities[base + c] }
            dLogits[base + Int(targets[r])] -= factor
        }
    }
}
