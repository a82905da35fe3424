/// A batch of token sequences as the objectives take it: `batch × length` ids, row-major, and
/// which positions are real tokens (not padding).
public struct TrainingBatch: Sendable, Equatable {
    /// The ids, `batch × length`.
    public var ids: [Int32]
    /// Sequences and positions per sequence.
    public var batch: Int, length: Int
    /// False at padding positions.
    public var keep: [Bool]

    /// A batch of `batch` sequences of `length` ids; `keep` defaults to every position.
    public init(ids: [Int32], batch: Int, length: Int, keep: [Bool]? = nil) {
        precondition(ids.count == batch * length, "TrainingBatch: \(ids.count) ids for \(batch) × \(length)")
        self.ids = ids
        self.batch = batch
        self.length = length
        self.keep = keep ?? [Bool](repeating: true, count: ids.count)
    }
}

/// The masked positions of a whole batch: flat indices into the `batch × length` grid, the
/// original ids there, and the inputs with the masks applied.
public struct MaskedBatch: Sendable, Equatable {
    /// The ids the model sees.
    public var inputs: [Int32]
    /// Flat positions to predict, ascending, and the original id at each.
    public var positions: [Int], originals: [Int32]

    /// Masks every sequence of `batch` in order, drawing from `generator`; ids in `special`
    /// (which must hold the padding id) are never chosen.
    public init<G: RandomNumberGenerator>(_ batch: TrainingBatch, masking: Masking, maskID: Int32, special: Set<Int32>,
                                          generator: inout G) {
        inputs = []
        positions = []
        originals = []
        inputs.reserveCapacity(batch.ids.count)
        for row in 0..<batch.batch {
            let start = row * batch.length
            let masked = masking.apply(Array(batch.ids[start..<start + batch.length]), maskID: maskID,
                                       isCandidate: { !special.contains($0) }, generator: &generator)
            inputs += masked.inputs
            positions += masked.positions.map { start + $0 }
            originals += masked.originals
        }
    }
}
