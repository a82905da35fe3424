import CorpusTensors

/// The Switch Transformer's sparse feed-forward (HuggingFace's `SwitchTransformersSparseMLP`):
/// a top-1 router sends each token to one of `experts` feed-forwards of T5's kind, whose output
/// is scaled by the router's probability; tokens over an expert's capacity get 0 (the block's
/// residual carries them). Per token it costs one dense feed-forward plus the router.
public struct SwitchFeedForward<T: TensorScalar>: Sendable, Parameterized {
    /// Model width, each expert's inner width, and the experts' kind.
    public let width: Int, inner: Int, kind: T5Shape.FeedForwardKind
    /// The Switch settings.
    public let settings: SwitchShape
    /// The router.
    public var router: Top1Router<T>
    /// The experts, each a dense feed-forward.
    public var experts: [T5FeedForward<T>]

    /// A layer initialized as the paper's Switch: router and experts truncated N(0, s / fan-in)
    /// with `s = settings.initializationScale`.
    public init<G: RandomNumberGenerator>(width: Int, inner: Int, kind: T5Shape.FeedForwardKind, settings: SwitchShape, generator: inout G) {
        self.width = width
        self.inner = inner
        self.kind = kind
        self.settings = settings
        router = Top1Router(width: width, experts: settings.experts, scale: settings.initializationScale, generator: &generator)
        experts = (0..<settings.experts).map { _ in
            T5FeedForward(width: width, inner: inner, kind: kind, scale: settings.initializationScale, generator: &generator)
        }
    }

    /// The weights, named as HuggingFace's `SwitchTransformersSparseMLP`: `router.classifier.weight`,
    /// then `experts.expert_{i}.wi.weight` (`wi_0`, `wi_1` when gated) and `.wo.weight`.
    @inlinable
    public mutating func visit(_ body: (String, [Int], inout [T], Bool) -> Void) {
        router.visit { name, size, tensor, decays in body("router.\(name)", size, &tensor, decays) }
        for index in experts.indices {
            experts[index].visit { name, size, tensor, decays in body("experts.expert_\(index).\(name)", size, &tensor, decays) }
        }
    }

    /// The router's loss weights.
    @inlinable
    public var losses: RouterLosses {
        RouterLosses(loadBalancingWeight: settings.loadBalancingWeight, zLossWeight: settings.routerZLossWeight)
    }

    /// What backward needs.
    public struct Activations {
        /// Where the tokens went.
        public var routing: Top1Router<T>.Routing
        /// Per expert: its tokens (row indices, ascending), its activations, its unscaled output.
        @usableFromInline var rows: [[Int]]
        @usableFromInline var experts: [T5FeedForward<T>.Activations?]
        @usableFromInline var outputs: [[T]]

        @usableFromInline init(routing: Top1Router<T>.Routing, rows: [[Int]], experts: [T5FeedForward<T>.Activations?], outputs: [[T]]) {
            self.routing = routing
            self.rows = rows
            self.experts = experts
            self.outputs = outputs
        }
    }

    /// The sublayer's output for `batch × length` normalized hidden states `x` (`keep` false at
    /// padding). `training` picks the capacity factor and turns the router's jitter on;
    /// `expertDropout` is the rate inside the experts.
    @inlinable
    public func forward<G: RandomNumberGenerator>(_ x: [T], batch: Int, length: Int, keep: [Bool], training: Bool, expertDropout: Double,
                                                  generator: inout G) -> (y: [T], activations: Activations) {
        let factor = training ? settings.capacityFactor : settings.evaluationCapacityFactor
        let routing = router.forward(x, batch: batch, length: length, keep: keep, capacity: settings.capacity(length: length, factor: factor),
                                     jitter: training ? settings.routerJitter : 0, losses: losses, generator: &generator)
        var rows = [[Int]](repeating: [], count: experts.count)
        for t in routing.expert.indices where routing.dispatched[t] { rows[routing.expert[t]].append(t) }
        var y = [T](repeating: 0, count: x.count)
        var caches: [T5FeedForward<T>.Activations?] = [], outputs: [[T]] = []
        for (index, expert) in experts.enumerated() {
            guard !rows[index].isEmpty else {
                caches.append(nil)
                outputs.append([])
                continue
            }
            let gathered = Self.gather(x, rows: rows[index], width: width)
            let (out, cache) = expert.forward(gathered, rows: rows[index].count, dropout: expertDropout, generator: &generator)
            for (slot, t) in rows[index].enumerated() {
                let scale = routing.gate[t]
                for c in 0..<width { y[t * width + c] = scale * out[slot * width + c] }
            }
            caches.append(cache)
            outputs.append(out)
        }
        return (y, Activations(routing: routing, rows: rows, experts: caches, outputs: outputs))
    }

    /// Adds the weights' gradients (the router's including its auxiliary losses) to `gradients`
    /// and the input's to `dx`.
    @inlinable
    public func backward(_ dy: [T], activations a: Activations, gradients g: inout SwitchFeedForward, dx: inout [T]) {
        var dGate = [T](repeating: 0, count: a.routing.expert.count)
        for (index, expert) in experts.enumerated() {
            guard let cache = a.experts[index] else { continue }
            let rows = a.rows[index], out = a.outputs[index]
            // y_t = gate_t · out_t: ∂out_t = gate_t · dy_t and ∂gate_t = dy_t · out_t.
            var dOut = [T](repeating: 0, count: rows.count * width)
            for (slot, t) in rows.enumerated() {
                let scale = a.routing.gate[t]
                var dot: T = 0
                for c in 0..<width {
                    dOut[slot * width + c] = scale * dy[t * width + c]
                    dot += dy[t * width + c] * out[slot * width + c]
                }
                dGate[t] = dot
            }
            var dGathered = [T](repeating: 0, count: rows.count * width)
            expert.backward(dOut, activations: cache, rows: rows.count, gradients: &g.experts[index], dx: &dGathered)
            for (slot, t) in rows.enumerated() {
                for c in 0..<width { dx[t * width + c] += dGathered[slot * width + c] }
            }
        }
        router.backward(dGate: dGate, routing: a.routing, losses: losses, gradients: &g.router, dx: &dx)
    }

    /// The `rows` of `x` (each `width` wide), packed in order.
    @inlinable
    static func gather(_ x: [T], rows: [Int], width: Int) -> [T] {
        var packed = [T](repeating: 0, count: rows.count * width)
        for (slot, t) in rows.enumerated() {
            for c in 0..<width { packed[slot * width + c] = x[t * width + c] }
        }
        return packed
    }
}

extension T5FeedForward {
    /// An expert initialized as the paper's Switch: truncated N(0, scale / fan-in) for every
    /// weight (inputs fan-in `width`, output fan-in `inner`).
    public init<G: RandomNumberGenerator>(width: Int, inner: Int, kind: T5Shape.FeedForwardKind, scale: Double, generator: inout G) {
        self.width = width
        self.inner = inner
        self.kind = kind
        let inDeviation = (scale / Double(width)).squareRoot()
        input = Initialization.truncatedNormal(count: inner * width, deviation: inDeviation, generator: &generator)
        gate = kind == .gatedGELU ? Initialization.truncatedNormal(count: inner * width, deviation: inDeviation, generator: &generator) : []
        output = Initialization.truncatedNormal(count: width * inner, deviation: (scale / Double(inner)).squareRoot(), generator: &generator)
    }
}
