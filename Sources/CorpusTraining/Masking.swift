/// ELECTRA's (and BERT's) choice of positions to predict: a fixed share of the real tokens,
/// drawn without replacement, never special tokens or padding; most chosen positions show
/// `[MASK]`, the rest keep their token.
public struct Masking: Codable, Sendable, Equatable {
    /// Share of real tokens to predict (ELECTRA: 0.15).
    public var rate: Double
    /// Share of the chosen positions replaced by `[MASK]`; the others keep the original token.
    public var maskShare: Double
    /// At most this many predictions per sequence (ELECTRA-Small: 20 at length 128).
    public var maximumPredictions: Int

    /// Masking with these settings (defaults: the 15 % and 85 %).
    public init(rate: Double = 0.15, maskShare: Double = 0.85, maximumPredictions: Int = Int.max) {
        self.rate = rate
        self.maskShare = maskShare
        self.maximumPredictions = maximumPredictions
    }

    /// One sequence after masking: the ids the model sees, and the positions to predict with
    /// their original ids.
    public struct Masked: Equatable, Sendable {
        /// The input ids with the chosen positions masked.
        public var inputs: [Int32]
        /// Chosen positions, ascending, and the original id at each.
        public var positions: [Int], originals: [Int32]
    }

    /// Masks `ids`; `isCandidate(id)` is false for special tokens and padding. The count is
    /// `round(rate × candidates)`, at least 1 when there is a candidate, at most
    /// `maximumPredictions`.
    public func apply<G: RandomNumberGenerator>(_ ids: [Int32], maskID: Int32, isCandidate: (Int32) -> Bool, generator: inout G) -> Masked {
        var candidates = ids.indices.filter { isCandidate(ids[$0]) }
        let wanted = min(maximumPredictions, candidates.count, max(candidates.isEmpty ? 0 : 1, Int((rate * Double(candidates.count)).rounded())))
        // A partial Fisher–Yates shuffle picks `wanted` distinct candidates.
        for i in 0..<wanted {
            let j = i + Int(generator.next() % UInt64(candidates.count - i))
            candidates.swapAt(i, j)
        }
        var chosen = Array(candidates.prefix(wanted))
        var inputs = ids
        // The mask-or-keep draw follows the order of drawing, so it does not depend on sorting.
        for position in chosen where Double(generator.next() >> 11) * 0x1p-53 < maskShare {
            inputs[position] = maskID
        }
        chosen.sort()
        return Masked(inputs: inputs, positions: chosen, originals: chosen.map { ids[$0] })
    }
}
