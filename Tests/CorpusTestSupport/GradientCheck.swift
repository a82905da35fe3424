


/// Uniform values in [-scale, scale), from `generator`.
public func randomValues(_ count: Int, scale: Double = 1, _ generator: inout SplitMix64) -> [Double] {
    (0..<count).map { _ in (Double(generator.next() >> 11) * 0x1p-53 * 2 - 1) * scale }
}

/// Compares analytic gradients with central finite differences, in Float64.
///
/// `loss` maps the inputs to a scalar; `analytic` returns ∂loss/∂input for each input. With
/// ε = 1e-6 the central difference has truncation error O(ε²) ≈ 1e-12 and rounding error about
/// 1e-16/ε ≈ 1e-10 relative to the loss, so agreement to 1e-6 (relative to the larger of the two
/// values and 1) leaves a wide margin while still catching any wrong term.
public func maximumGradientError(_ inputs: [[Double]], loss: ([[Double]]) -> Double, analytic: [[Double]], epsilon: Double = 1e-6) -> Double {
    var worst = 0.0
    for (which, input) in inputs.enumerated() {
        precondition(analytic[which].count == input.count, "gradient \(which) has the wrong size")
        for index in input.indices {
            var plus = inputs, minus = inputs
            plus[which][index] += epsilon
            minus[which][index] -= epsilon
            let numeric = (loss(plus) - loss(minus)) / (2 * epsilon)
            let error = abs(numeric - analytic[which][index]) / max(1, abs(numeric), abs(analytic[which][index]))
            worst = max(worst, error)
        }
    }
    return worst
}

/// `Σ y ⊙ r`: turns an op's output into a scalar whose gradient with respect to y is `r`.
public func projected(_ y: [Double], _ r: [Double]) -> Double { zip(y, r).reduce(0) { $0 + $1.0 * $1.1 } }
