import CorpusTensors

#if canImport(Glibc)
import Glibc
#endif

/// Adam with decoupled weight decay (Loshchilov & Hutter), as PyTorch's `AdamW` and, with
/// `biasCorrection` off, as ELECTRA's and BERT's `AdamWeightDecayOptimizer`.
///
/// One step, per element: m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; with bias correction
/// m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ), otherwise m̂ = m, v̂ = v; then
/// p ← p − lr · (m̂/(√v̂ + ε) + λp), where λ is the weight decay for parameters that take it
/// (not biases and layer-norm parameters) and 0 for the others.
public struct AdamW: Codable, Sendable, Equatable {
    /// Decay rates of the first and second moment estimates.
    public var beta1: Double, beta2: Double
    /// Added to √v̂ for stability.
    public var epsilon: Double
    /// λ, applied to parameters whose `decays` flag is set.
    public var weightDecay: Double
    /// Whether to divide the moments by 1 − βᵗ (PyTorch: yes; ELECTRA/BERT: no).
    public var biasCorrection: Bool

    /// An optimizer with these settings (defaults: ELECTRA's).
    public init(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-6, weightDecay: Double = 0.01, biasCorrection: Bool = false) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.biasCorrection = biasCorrection
    }

    /// The moment estimates of one parameter tensor.
    public struct Moments: Codable, Sendable, Equatable {
        /// First and second moment estimates, one per element.
        public var first: [Float], second: [Float]

        /// Zero moments for a tensor of `count` elements.
        public init(count: Int) {
            first = [Float](repeating: 0, count: count)
            second = [Float](repeating: 0, count: count)
        }
    }

    /// Updates `parameters` in place from `gradients` at step `step` (1 for the first update).
    public func update(_ parameters: inout [Float], gradients: [Float], moments: inout Moments,
                       learningRate: Double, step: Int, decays: Bool) {
        precondition(parameters.count == gradients.count && moments.first.count == parameters.count, "AdamW: shapes")
        let b1 = Float(beta1), b2 = Float(beta2)
        let c1 = biasCorrection ? Float(1 - pow(beta1, Double(step))) : 1
        let c2 = biasCorrection ? Float(1 - pow(beta2, Double(step))) : 1
        let lr = Float(learningRate), eps = Float(epsilon), decay = decays ? Float(weightDecay) : 0
        parameters.withUnsafeMutableBufferPointer { parameters in
        gradients.withUnsafeBufferPointer { gradients in
        moments.first.withUnsafeMutableBufferPointer { first in
        moments.second.withUnsafeMutableBufferPointer { second in
            let p = SharedBuffer(parameters), gradients = SharedBuffer(gradients), first = SharedBuffer(first), second = SharedBuffer(second)
            Parallel.forRanges(p.count, grain: Parallel.elementGrain) { range in
                for i in range {
                    let g = gradients[i]
                    let m = b1 * first[i] + (1 - b1) * g
                    let v = b2 * second[i] + (1 - b2) * g * g
                    first[i] = m
                    second[i] = v
                    p[i] -= lr * ((m / c1) / ((v / c2).squareRoot() + eps) + decay * p[i])
                }
            }
        }}}}
    }
}

/// The learning rate at each step: linear warm-up, then linear decay to zero at the last step.
public struct LearningRateSchedule: Codable, Sendable, Equatable {
    /// The peak learning rate.
    public var peak: Double
    /// Steps of linear warm-up from 0 to the peak.
    public var warmupSteps: Int
    /// The step at which the rate reaches 0.
    public var totalSteps: Int

    /// A schedule peaking at `peak`.
    public init(peak: Double, warmupSteps: Int, totalSteps: Int) {
        self.peak = peak
        self.warmupSteps = warmupSteps
        self.totalSteps = totalSteps
    }

    /// ELECTRA's rule: `peak · (1 − step/total) · min(1, step/warmup)`, the decay counted from
    /// step 0 as its `polynomial_decay` does (power 1), warm-up multiplied on top.
    public func rate(at step: Int) -> Double {
        let decay = max(0, 1 - Double(step) / Double(max(1, totalSteps)))
        let warmup = warmupSteps > 0 ? min(1, Double(step) / Double(warmupSteps)) : 1
        return peak * decay * warmup
    }
}

/// Scales every gradient by `maximum / ‖g‖` when the global L2 norm ‖g‖ over all of them
/// exceeds `maximum` (`tf.clip_by_global_norm`); returns the norm before clipping.
@discardableResult
public func clipGlobalNorm(_ gradients: inout [[Float]], maximum: Double) -> Double {
    // Partial sums over fixed pieces of each tensor, added in order.
    var squares = 0.0
    for tensor in gradients {
        let pieces = (tensor.count + Parallel.elementGrain - 1) / Parallel.elementGrain
        var partials = [Double](repeating: 0, count: pieces)
        tensor.withUnsafeBufferPointer { tensor in
            partials.withUnsafeMutableBufferPointer { partials in
                let tensor = SharedBuffer(tensor), partials = SharedBuffer(partials)
                Parallel.forEach(pieces) { piece in
                    var sum = 0.0
                    for i in piece * Parallel.elementGrain..<min(tensor.count, (piece + 1) * Parallel.elementGrain) {
                        sum += Double(tensor[i]) * Double(tensor[i])
                    }
                    partials[piece] = sum
                }
            }
        }
        for partial in partials { squares += partial }
    }
    let norm = squares.squareRoot()
    guard norm > maximum, norm > 0 else { return norm }
    let factor = Float(maximum / norm)
    for index in gradients.indices {
        gradients[index].withUnsafeMutableBufferPointer { tensor in
            let tensor = SharedBuffer(tensor)
            Parallel.forRanges(tensor.count, grain: Parallel.elementGrain) { range in
                for i in range { tensor[i] *= factor }
            }
        }
    }
    return norm
}
