import CorpusTensors

/// The Switch Transformer's router (HuggingFace's `SwitchTransformersTop1Router`): logits
/// `x · Wᵀ` over the experts (no bias), a softmax, and each token sent to its most likely
/// expert, first come first served within its sequence until the expert is full.
///
/// The router computes in `T`: Float32 when training (the paper's "selective precision": never
/// below Float32, which is all this trainer has), Float64 in the gradient checks.
public struct Top1Router<T: TensorScalar>: Sendable, Parameterized {
    /// Model width and experts.
    public let width: Int, experts: Int
    /// The classifier `[experts, width]`.
    public var weight: [T]

    /// A router initialized as the paper's Switch: truncated N(0, scale / width).
    public init<G: RandomNumberGenerator>(width: Int, experts: Int, scale: Double, generator: inout G) {
        self.width = width
        self.experts = experts
        weight = Initialization.truncatedNormal(count: experts * width, deviation: (scale / Double(width)).squareRoot(), generator: &generator)
    }

    /// The classifier, named as HuggingFace's (`classifier.weight`).
    @inlinable
    public mutating func visit(_ body: (String, [Int], inout [T], Bool) -> Void) {
        body("classifier.weight", [experts, width], &weight, true)
    }

    /// Where each token went, and what backward needs.
    public struct Routing {
        /// Per token: the chosen expert (-1 at padding), whether it fits the expert's capacity,
        /// and the gate (the chosen expert's probability; 0 where not dispatched).
        public var expert: [Int], dispatched: [Bool], gate: [T]
        /// Per token and expert: the softmax, and the logits.
        @usableFromInline var probabilities: [T], logits: [T]
        /// The router's input after jitter, and the jitter factors (empty without jitter).
        @usableFromInline var input: [T], jitter: [T]
        /// The group shape and real positions.
        @usableFromInline var batch: Int, length: Int, keep: [Bool]
        /// The weighted auxiliary losses and the load figures.
        public var statistics: RoutingStatistics

        @usableFromInline init(expert: [Int], dispatched: [Bool], gate: [T], probabilities: [T], logits: [T], input: [T], jitter: [T],
                               batch: Int, length: Int, keep: [Bool], statistics: RoutingStatistics) {
            self.expert = expert
            self.dispatched = dispatched
            self.gate = gate
            self.probabilities = probabilities
            self.logits = logits
            self.input = input
            self.jitter = jitter
            self.batch = batch
            self.length = length
            self.keep = keep
            self.statistics = statistics
        }
    }

    /// Routes `batch × length` tokens `x` (`keep` false at padding, which is not routed): each
    /// sequence is a group, and each expert takes at most `capacity` of a group's tokens, in
    /// position order. `jitter` ε multiplies the input by U(1 − ε, 1 + ε) first (training only).
    /// The auxiliary losses are weighted by `losses`.
    @inlinable
    public func forward<G: RandomNumberGenerator>(_ x: [T], batch: Int, length: Int, keep: [Bool], capacity: Int, jitter: Double,
                                                  losses: RouterLosses, generator: inout G) -> Routing {
        let rows = batch * length
        precondition(x.count == rows * width && keep.count == rows, "Top1Router.forward: shapes")
        var factors: [T] = [], input = x
        if jitter > 0 {
            factors = (0..<x.count).map { _ in T(1 - jitter + 2 * jitter * Double(generator.next() >> 11) * 0x1p-53) }
            for i in input.indices { input[i] *= factors[i] }
        }
        let logits = Linear.forward(input, weight: weight, bias: nil, rows: rows, inFeatures: width, outFeatures: experts)
        var probabilities = [T](repeating: 0, count: rows * experts)
        var expert = [Int](repeating: -1, count: rows), dispatched = [Bool](repeating: false, count: rows)
        var gate = [T](repeating: 0, count: rows)
        var statistics = RoutingStatistics(experts: experts)
        for b in 0..<batch {
            var taken = [Int](repeating: 0, count: experts)
            for t in b * length..<(b + 1) * length where keep[t] {
                let row = t * experts
                let largest = logits[row..<row + experts].max()!
                var sum: T = 0
                for e in 0..<experts {
                    probabilities[row + e] = T.exp(logits[row + e] - largest)
                    sum += probabilities[row + e]
                }
                var best = 0
                for e in 0..<experts {
                    probabilities[row + e] /= sum
                    if probabilities[row + e] > probabilities[row + best] { best = e }
                }
                expert[t] = best
                statistics.chosen[best] += 1
                if taken[best] < capacity {
                    taken[best] += 1
                    dispatched[t] = true
                    gate[t] = probabilities[row + best]
                } else {
                    statistics.dropped += 1
                }
            }
        }
        statistics.tokens = keep.lazy.filter { $0 }.count
        statistics.layers = 1
        (statistics.loadBalancingLoss, statistics.zLoss) = losses.forward(probabilities: probabilities, logits: logits, expert: expert,
                                                                            batch: batch, length: length, experts: experts)
        return Routing(expert: expert, dispatched: dispatched, gate: gate, probabilities: probabilities, logits: logits, input: input,
                       jitter: factors, batch: batch, length: length, keep: keep, statistics: statistics)
    }

    /// Adds the classifier's gradient to `gradients` and the input's to `dx`, from `dGate`
    /// (∂L/∂gate per token) and the auxiliary losses (which enter the model's loss with weight 1).
    @inlinable
    public func backward(dGate: [T], routing r: Routing, losses: RouterLosses, gradients g: inout Top1Router, dx: inout [T]) {
        let rows = r.batch * r.length
        // ∂L/∂probabilities: the gate reads the chosen expert's; the load-balancing loss reads them all.
        var dProbabilities: [T] = losses.loadBalancingGradient(expert: r.expert, batch: r.batch, length: r.length, experts: experts)
        for t in 0..<rows where r.dispatched[t] { dProbabilities[t * experts + r.expert[t]] += dGate[t] }
        // Through the softmax, then the z-loss's ∂/∂logits.
        var dLogits = [T](repeating: 0, count: rows * experts)
        for t in 0..<rows where r.keep[t] {
            let row = t * experts
            var dot: T = 0
            for e in 0..<experts { dot += r.probabilities[row + e] * dProbabilities[row + e] }
            for e in 0..<experts { dLogits[row + e] = r.probabilities[row + e] * (dProbabilities[row + e] - dot) }
        }
        losses.addZLossGradient(logits: r.logits, probabilities: r.probabilities, keep: r.keep, experts: experts, dLogits: &dLogits)
        if r.jitter.isEmpty {
            Linear.backward(dLogits, x: r.input, weight: weight, rows: rows, inFeatures: width, outFeatures: experts, dx: &dx, dWeight: &g.weight)
        } else {
            var dInput = [T](repeating: 0, count: rows * width)
            Linear.backward(dLogits, x: r.input, weight: weight, rows: rows, inFeatures: width, outFeatures: experts, dx: &dInput,
                            dWeight: &g.weight)
            for i in dx.indices { dx[i] += dInput[i] * r.jitter[i] }
        }
    }
}

extension Initialization {
    /// `count` values from N(0, deviation²) redrawn until within two deviations (TensorFlow's
    /// `truncated_normal`, the Switch paper's initializer), in draw order.
    @inlinable
    public static func truncatedNormal<T: TensorScalar, G: RandomNumberGenerator>(count: Int, deviation: Double, generator: inout G) -> [T] {
        var values: [T] = []
        values.reserveCapacity(count)
        while values.count < count {
            let pair: [Double] = normal(count: 2, deviation: 1, generator: &generator)
            for z in pair where abs(z) <= 2 && values.count < count { values.append(T(z * deviation)) }
        }
        return values
    }
}
