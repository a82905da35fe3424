import CorpusTensors

/// The Switch router's two auxiliary losses and their weights, for one sparse layer over real
/// tokens (padding is not routed and counts nowhere):
///
/// - load balancing (the paper's eq. 4–6, per sequence as HuggingFace groups them):
///   `α · E · mean over sequences of Σₑ fₑ · Pₑ`, with `fₑ` the share of the sequence's tokens
///   whose top choice is expert e (before capacity; not differentiable) and `Pₑ` the mean
///   router probability of e;
/// - router z-loss (ST-MoE): `c · mean over tokens of logsumexp(logits)²`.
public struct RouterLosses: Sendable, Equatable {
    /// α and c.
    public var loadBalancingWeight: Double, zLossWeight: Double

    /// The weights.
    public init(loadBalancingWeight: Double, zLossWeight: Double) {
        self.loadBalancingWeight = loadBalancingWeight
        self.zLossWeight = zLossWeight
    }

    /// Per sequence: its real tokens and how many chose each expert; `expert` is -1 at padding.
    @inlinable
    func counts(expert: [Int], batch: Int, length: Int, experts: Int) -> (real: [Int], chosen: [Int]) {
        var real = [Int](repeating: 0, count: batch), chosen = [Int](repeating: 0, count: batch * experts)
        for b in 0..<batch {
            for t in b * length..<(b + 1) * length where expert[t] >= 0 {
                real[b] += 1
                chosen[b * experts + expert[t]] += 1
            }
        }
        return (real, chosen)
    }

    /// The weighted load-balancing loss and z-loss of `batch × length` tokens' router
    /// `probabilities` and `logits` (each `experts` wide).
    @inlinable
    func forward<T: TensorScalar>(probabilities: [T], logits: [T], expert: [Int], batch: Int, length: Int,
                                  experts: Int) -> (loadBalancing: Double, z: Double) {
        let (real, chosen) = counts(expert: expert, batch: batch, length: length, experts: experts)
        let groups = real.lazy.filter { $0 > 0 }.count, tokens = real.reduce(0, +)
        guard tokens > 0 else { return (0, 0) }
        var balance: T = 0, squares: T = 0
        for b in 0..<batch where real[b] > 0 {
            var meanProbability = [T](repeating: 0, count: experts)
            for t in b * length..<(b + 1) * length where expert[t] >= 0 {
                for e in 0..<experts { meanProbability[e] += probabilities[t * experts + e] }
                let z = Self.logSumExp(logits, row: t, experts: experts)
                squares += z * z
            }
            let n = T(real[b])
            for e in 0..<experts { balance += T(chosen[b * experts + e]) / n * (meanProbability[e] / n) }
        }
        let loadBalancing = loadBalancingWeight * Double(experts) * Double(balance) / Double(groups)
        return (loadBalancing, zLossWeight * Double(squares) / Double(tokens))
    }

    /// ∂(load-balancing loss)/∂probabilities, `batch × length × experts` (0 at padding).
    @inlinable
    func loadBalancingGradient<T: TensorScalar>(expert: [Int], batch: Int, length: Int, experts: Int) -> [T] {
        var d = [T](repeating: 0, count: batch * length * experts)
        let (real, chosen) = counts(expert: expert, batch: batch, length: length, experts: experts)
        let groups = real.lazy.filter { $0 > 0 }.count
        guard groups > 0, loadBalancingWeight > 0 else { return d }
        let scale = T(loadBalancingWeight * Double(experts) / Double(groups))
        for b in 0..<batch where real[b] > 0 {
            let n = T(real[b])
            for t in b * length..<(b + 1) * length where expert[t] >= 0 {
                for e in 0..<experts { d[t * experts + e] = scale * T(chosen[b * experts + e]) / (n * n) }
            }
        }
        return d
    }

    /// Adds ∂(z-loss)/∂logits, `2c · z / tokens · softmax`, to `dLogits` at real tokens.
    @inlinable
    func addZLossGradient<T: TensorScalar>(logits: [T], probabilities: [T], keep: [Bool], experts: Int, dLogits: inout [T]) {
        let tokens = keep.lazy.filter { $0 }.count
        guard tokens > 0, zLossWeight > 0 else { return }
        let scale = T(2 * zLossWeight / Double(tokens))
        for t in keep.indices where keep[t] {
            let z = Self.logSumExp(logits, row: t, experts: experts)
            for e in 0..<experts { dLogits[t * experts + e] += scale * z * probabilities[t * experts + e] }
        }
    }

    /// `log Σₑ exp(logits[row, e])`, shifted by the row's largest logit.
    @inlinable
    static func logSumExp<T: TensorScalar>(_ logits: [T], row t: Int, experts: Int) -> T {
        let row = logits[t * experts..<(t + 1) * experts], largest = row.max()!
        return largest + T.log(row.reduce(0) { $0 + T.exp($1 - largest) })
    }
}

/// What the routers did over one batch, summed over sparse layers: the weighted auxiliary
/// losses and each expert's load.
public struct RoutingStatistics: Sendable, Equatable {
    /// Experts per layer (0 for a dense model).
    public var experts: Int
    /// Per expert: tokens whose top choice it was (before capacity).
    public var chosen: [Int]
    /// Tokens routed (real tokens × sparse layers) and those over capacity, which skipped the
    /// feed-forward.
    public var tokens = 0, dropped = 0
    /// Sparse layers counted.
    public var layers = 0
    /// The weighted load-balancing loss and router z-loss, summed over layers.
    public var loadBalancingLoss = 0.0, zLoss = 0.0

    /// Empty statistics for layers of `experts` experts.
    public init(experts: Int) {
        self.experts = experts
        chosen = [Int](repeating: 0, count: experts)
    }

    /// The sum of both auxiliary losses: what the routers add to the model's loss.
    public var auxiliaryLoss: Double { loadBalancingLoss + zLoss }

    /// Per expert, the share of routed tokens that chose it (1/experts each when balanced).
    public var load: [Double] { chosen.map { tokens > 0 ? Double($0) / Double(tokens) : 0 } }

    /// The share of routed tokens dropped for capacity.
    public var droppedShare: Double { tokens > 0 ? Double(dropped) / Double(tokens) : 0 }

    /// Adds another layer's or batch's figures (same number of experts, or either empty).
    public mutating func add(_ other: RoutingStatistics) {
        if experts == 0 { self = RoutingStatistics(experts: other.experts) }
        guard other.experts > 0 else { return }
        precondition(other.experts == experts, "RoutingStatistics: layers with different numbers of experts")
        for e in 0..<experts { chosen[e] += other.chosen[e] }
        tokens += other.tokens
        dropped += other.dropped
        layers += other.layers
        loadBalancingLoss += other.loadBalancingLoss
        zLoss += other.zLoss
    }
}
