/// The Switch Transformer settings of a sparse T5 (Fedus et al. 2021): which blocks replace their
/// dense feed-forward with `experts` feed-forwards behind a top-1 router, how many tokens each
/// expert takes, and the router's auxiliary losses. Defaults are the paper's (and HuggingFace's
/// `SwitchTransformersConfig` where the paper leaves a value open).
public struct SwitchShape: Codable, Sendable, Equatable {
    /// Experts per sparse layer (at least 2).
    public var experts: Int
    /// Every `sparseEvery`-th block of each stack is sparse, as HuggingFace places them: block
    /// `i` (from 0) is sparse when `i % sparseEvery == 1`, or every block when `sparseEvery` is 1.
    /// The paper's default 2 makes blocks 1, 3, 5, … sparse.
    public var sparseEvery: Int
    /// Expert capacity while training and while evaluating, as a multiple of an even share:
    /// each expert takes at most `ceil(capacityFactor × length / experts)` tokens of a sequence
    /// (the paper's 1.25 and 2.0); the rest skip the feed-forward (residual only).
    public var capacityFactor: Double, evaluationCapacityFactor: Double
    /// α of the load-balancing loss `α · E · Σₑ fₑ · Pₑ`, added per sparse layer (0.01).
    public var loadBalancingWeight: Double
    /// The router z-loss's coefficient, `c · mean(logsumexp(logits)²)` per sparse layer (0.001).
    public var routerZLossWeight: Double
    /// Dropout inside the experts (on their hidden activations) while training; nil: the model's
    /// dropout. The paper raises it to 0.4 for fine-tuning.
    public var expertDropout: Double?
    /// Multiplicative jitter on the router's input while training: each value times a uniform
    /// draw from `[1 − ε, 1 + ε]` (HuggingFace's default 0.01; 0 turns it off).
    public var routerJitter: Double
    /// The paper's initialization scale `s` for the router and the experts: truncated normal
    /// N(0, s / fan-in) cut at two deviations (0.1; T5's dense weights use s = 1, untruncated).
    public var initializationScale: Double

    /// Switch settings; every value but `experts` defaults to the paper's.
    public init(experts: Int, sparseEvery: Int = 2, capacityFactor: Double = 1.25, evaluationCapacityFactor: Double = 2.0,
                loadBalancingWeight: Double = 0.01, routerZLossWeight: Double = 0.001, expertDropout: Double? = nil,
                routerJitter: Double = 0.01, initializationScale: Double = 0.1) {
        self.experts = experts
        self.sparseEvery = sparseEvery
        self.capacityFactor = capacityFactor
        self.evaluationCapacityFactor = evaluationCapacityFactor
        self.loadBalancingWeight = loadBalancingWeight
        self.routerZLossWeight = routerZLossWeight
        self.expertDropout = expertDropout
        self.routerJitter = routerJitter
        self.initializationScale = initializationScale
    }

    /// Whether block `index` (from 0) of a stack is sparse.
    public func isSparse(block index: Int) -> Bool {
        sparseEvery == 1 || index % sparseEvery == 1
    }

    /// Tokens one expert takes from a group (a sequence) of `length` positions at `factor`.
    public func capacity(length: Int, factor: Double) -> Int {
        Int((factor * Double(length) / Double(experts)).rounded(.up))
    }

    /// The reasons these settings cannot train, empty when they can.
    public func problems() -> [String] {
        var problems: [String] = []
        if experts < 2 { problems.append("experts must be at least 2 for a sparse model (got \(experts)); leave it out for a dense one") }
        if sparseEvery < 1 { problems.append("sparse_every must be at least 1 (got \(sparseEvery))") }
        if !(capacityFactor > 0) || !(evaluationCapacityFactor > 0) {
            problems.append("capacity_factor and eval_capacity_factor must be above 0 (got \(capacityFactor), \(evaluationCapacityFactor))")
        }
        if !(loadBalancingWeight >= 0) || !(routerZLossWeight >= 0) {
            problems.append("load_balancing_loss and router_z_loss must not be negative (got \(loadBalancingWeight), \(routerZLossWeight))")
        }
        if let expertDropout, !(0..<1).contains(expertDropout) { problems.append("expert_dropout must be in 0..<1 (got \(expertDropout))") }
        if !(0..<1).contains(routerJitter) { problems.append("router_jitter must be in 0..<1 (got \(routerJitter))") }
        if !(initializationScale > 0) { problems.append("initialization_scale must be above 0 (got \(initializationScale))") }
        return problems
    }
}
