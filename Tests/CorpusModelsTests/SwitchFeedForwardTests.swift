import CorpusModels
import CorpusTensors
import CorpusTestSupport
import Foundation
import Testing

@Suite("Switch sparse feed-forward: routing, capacity, auxiliary losses and gradients (Float64)")
struct SwitchFeedForwardTests {
    /// Width 4, inner 5; two sequences of 6 positions, the second with 2 pads.
    static let width = 4, inner = 5, batch = 2, length = 6
    static let keep: [Bool] = [true, true, true, true, true, true, true, true, true, true, false, false]

    /// A layer with 3 experts and a router wide enough that tokens spread over the experts.
    static func layer(_ settings: SwitchShape, kind: T5Shape.FeedForwardKind = .relu, seed: UInt64) -> SwitchFeedForward<Double> {
        var random = SplitMix64(seed: seed)
        var layer = SwitchFeedForward<Double>(width: width, inner: inner, kind: kind, settings: settings, generator: &random)
        layer.router.weight = randomValues(layer.router.weight.count, scale: 2, &random)
        return layer
    }

    static func input(seed: UInt64) -> [Double] {
        var random = SplitMix64(seed: seed)
        return randomValues(batch * length * width, &random)
    }

    /// `Σ y ⊙ r` for a fixed random `r`, plus the routers' auxiliary losses: the loss the gradient check differentiates.
    static func loss(_ layer: SwitchFeedForward<Double>, _ x: [Double], training: Bool, seed: UInt64)
        -> (loss: Double, dy: [Double], activations: SwitchFeedForward<Double>.Activations) {
        var draws = SplitMix64(seed: seed)
        let (y, activations) = layer.forward(x, batch: batch, length: length, keep: keep, training: training,
                                             expertDropout: training ? 0.2 : 0, generator: &draws)
        var projection = SplitMix64(seed: 99)
        let r = randomValues(y.count, &projection)
        let value = zip(y, r).reduce(0) { $0 + $1.0 * $1.1 } + activations.routing.statistics.auxiliaryLoss
        return (value, r, activations)
    }

    /// The worst relative error of every weight's and the input's gradient, and the routing.
    static func check(_ settings: SwitchShape, kind: T5Shape.FeedForwardKind) -> (error: Double, statistics: RoutingStatistics) {
        let layer = layer(settings, kind: kind, seed: 7), x = input(seed: 8)
        let (_, dy, activations) = loss(layer, x, training: true, seed: 9)
        var gradients = layer.zeroed(), dx = [Double](repeating: 0, count: x.count)
        layer.backward(dy, activations: activations, gradients: &gradients, dx: &dx)
        let error = maximumGradientError(layer.tensors + [x], loss: { inputs in
            loss(layer.replacing(Array(inputs.dropLast())), inputs.last!, training: true, seed: 9).loss
        }, analytic: gradients.tensors + [dx])
        return (error, activations.routing.statistics)
    }

    @Test("gradients of router, experts and input with capacity dropping, jitter, expert dropout and padding")
    func gradientsWithDropping() {
        // Capacity ceil(0.5 × 6 / 3) = 1 token per expert and sequence: most tokens are dropped.
        let settings = SwitchShape(experts: 3, capacityFactor: 0.5, loadBalancingWeight: 0.3, routerZLossWeight: 0.05, routerJitter: 0.1)
        let (error, statistics) = Self.check(settings, kind: .relu)
        #expect(statistics.dropped > 0)
        #expect(statistics.tokens == 10)
        #expect(error < 1e-6)
    }

    @Test("gradients of gated-GELU experts with room for every token")
    func gradientsWithoutDropping() {
        let settings = SwitchShape(experts: 3, capacityFactor: 3, loadBalancingWeight: 0.3, routerZLossWeight: 0.05, routerJitter: 0.1)
        let (error, statistics) = Self.check(settings, kind: .gatedGELU)
        #expect(statistics.dropped == 0)
        #expect(statistics.chosen.filter { $0 > 0 }.count >= 2)
        #expect(error < 1e-6)
    }

    @Test("tokens over capacity get zero output; the first tokens of a sequence get the places; the rest are gate × expert")
    func capacity() {
        let settings = SwitchShape(experts: 3, capacityFactor: 0.5)
        let layer = Self.layer(settings, seed: 11), x = Self.input(seed: 12)
        var none = SplitMix64(seed: 0)
        let (y, a) = layer.forward(x, batch: Self.batch, length: Self.length, keep: Self.keep, training: true, expertDropout: 0,
                                   generator: &none)
        let routing = a.routing, width = Self.width
        #expect(routing.dispatched.contains(false))
        for b in 0..<Self.batch {
            var seen = Set<Int>()
            for t in b * Self.length..<(b + 1) * Self.length where Self.keep[t] {
                // Capacity 1: a token is dispatched exactly when it is its expert's first in the sequence.
                #expect(routing.dispatched[t] == !seen.contains(routing.expert[t]))
                seen.insert(routing.expert[t])
                let row = Array(y[t * width..<(t + 1) * width])
                if routing.dispatched[t] {
                    var unused = SplitMix64(seed: 0)
                    let alone = layer.experts[routing.expert[t]].forward(Array(x[t * width..<(t + 1) * width]), rows: 1, dropout: 0,
                                                                          generator: &unused).y
                    #expect(zip(row, alone).allSatisfy { abs($0 - routing.gate[t] * $1) < 1e-12 })
                    #expect(routing.gate[t] > 1.0 / 3)
                } else {
                    #expect(row.allSatisfy { $0 == 0 })
                }
            }
        }
        // Padding is not routed and gets nothing.
        #expect(routing.expert[10] == -1 && routing.expert[11] == -1)
        #expect(y[10 * width..<12 * width].allSatisfy { $0 == 0 })
    }

    @Test("a router of zeros: every token picks expert 0, load-balancing loss α, z-loss c · log(E)²")
    func lossValues() {
        var layer = Self.layer(SwitchShape(experts: 4, capacityFactor: 2, loadBalancingWeight: 0.01, routerZLossWeight: 0.001), seed: 13)
        layer.router.weight = [Double](repeating: 0, count: layer.router.weight.count)
        var none = SplitMix64(seed: 0)
        let statistics = layer.forward(Self.input(seed: 14), batch: Self.batch, length: Self.length, keep: Self.keep, training: false,
                                       expertDropout: 0, generator: &none).activations.routing.statistics
        #expect(statistics.chosen == [10, 0, 0, 0])
        // Capacity ceil(2 × 6 / 4) = 3 per sequence: 3 of the first sequence's 6 and 1 of the second's 4 are dropped.
        #expect(statistics.dropped == 4)
        #expect(abs(statistics.loadBalancingLoss - 0.01) < 1e-15)
        #expect(abs(statistics.zLoss - 0.001 * log(4.0) * log(4.0)) < 1e-15)
        #expect(statistics.load == [1, 0, 0, 0] && abs(statistics.droppedShare - 0.4) < 1e-15)
    }

    @Test("the training capacity factor is 1.25 and the evaluation one 2.0, each ceil(factor × length / experts)")
    func capacityFactors() {
        let settings = SwitchShape(experts: 8)
        #expect(settings.capacity(length: 128, factor: settings.capacityFactor) == 20)
        #expect(settings.capacity(length: 128, factor: settings.evaluationCapacityFactor) == 32)
        #expect(settings.capacity(length: 6, factor: 0.5) == 1)
    }

    @Test("routing is deterministic: the same seed gives the same bytes, and evaluation draws nothing")
    func determinism() {
        let layer = Self.layer(SwitchShape(experts: 3, routerJitter: 0.2), seed: 15), x = Self.input(seed: 16)
        func run(_ seed: UInt64, training: Bool) -> ([Double], [Int]) {
            var draws = SplitMix64(seed: seed)
            let (y, a) = layer.forward(x, batch: Self.batch, length: Self.length, keep: Self.keep, training: training,
                                       expertDropout: training ? 0.3 : 0, generator: &draws)
            return (y, a.routing.expert)
        }
        #expect(run(1, training: true) == run(1, training: true))
        #expect(run(1, training: true).0 != run(2, training: true).0)
        #expect(run(1, training: false) == run(2, training: false))
    }

    @Test("sparse blocks follow HuggingFace's placement: i % sparse_every == 1, or all for 1")
    func placement() {
        let every2 = SwitchShape(experts: 2), every1 = SwitchShape(experts: 2, sparseEvery: 1), every3 = SwitchShape(experts: 2, sparseEvery: 3)
        #expect((0..<6).filter(every2.isSparse(block:)) == [1, 3, 5])
        #expect((0..<3).filter(every1.isSparse(block:)) == [0, 1, 2])
        #expect((0..<6).filter(every3.isSparse(block:)) == [1, 4])
        var shape = T5Shape(vocabulary: 11, width: 6, heads: 2, headWidth: 2, feedForward: 5, encoderLayers: 1, decoderLayers: 1,
                            sparse: every2)
        #expect(shape.problems().contains { $0.contains("makes no block sparse") })
        shape.sparse = SwitchShape(experts: 1, capacityFactor: 0)
        #expect(shape.problems().count == 3)
    }
}
