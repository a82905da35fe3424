import CorpusTensors

/// Which rows of every global batch one process trains on: rank `index` of `count` takes rows
/// `index·B/count ..< (index+1)·B/count` of a batch of B rows (B a multiple of `count`).
public struct BatchShard: Sendable, Equatable, CustomStringConvertible {
    /// This process's share and the number of shares.
    public let index: Int, count: Int

    /// Share `index` of `count`.
    public init(index: Int, count: Int) {
        precondition(count >= 1 && (0..<count).contains(index), "BatchShard: share \(index) of \(count)")
        self.index = index
        self.count = count
    }

    /// The whole batch: a single process.
    public static let whole = BatchShard(index: 0, count: 1)

    /// Whether this is the whole batch.
    public var isWhole: Bool { count == 1 }

    /// The rows of a batch of `rows` rows that this share trains on.
    public func rows(of rows: Int) -> Range<Int> {
        precondition(rows % count == 0, "BatchShard: \(rows) rows do not split into \(count) equal shares")
        let per = rows / count
        return index * per ..< (index + 1) * per
    }

    /// The share's rows of `batch`.
    public func slice(_ batch: TrainingBatch) -> TrainingBatch {
        if isWhole { return batch }
        let rows = rows(of: batch.batch), span = rows.lowerBound * batch.length ..< rows.upperBound * batch.length
        return TrainingBatch(ids: Array(batch.ids[span]), batch: rows.count, length: batch.length, keep: Array(batch.keep[span]))
    }

    /// The share's part of `values`, a `rows × width` row-major array of a whole batch.
    public func slice<Element>(_ values: [Element], rows: Int) -> [Element] {
        if isWhole { return values }
        let width = values.count / rows, mine = self.rows(of: rows)
        return Array(values[mine.lowerBound * width ..< mine.upperBound * width])
    }

    /// Each share's term of a mean over `total` items of which this share holds `local`: the
    /// terms sum to the whole batch's mean when the local mean is `mean`.
    static func term(_ mean: Double, local: Int, total: Int) -> Double {
        total > 0 ? mean * Double(local) / Double(total) : 0
    }

    /// "share i of n", counted from 1.
    public var description: String { "share \(index + 1) of \(count)" }
}

extension MaskedBatch {
    /// The masking of `shard`'s rows of a `rows × length` batch, positions counted from the
    /// share's first row; `before` is how many positions earlier shares hold.
    func slice(_ shard: BatchShard, rows: Int, length: Int) -> (masked: MaskedBatch, before: Int) {
        if shard.isWhole { return (self, 0) }
        let mine = shard.rows(of: rows), start = mine.lowerBound * length, end = mine.upperBound * length
        let first = positions.firstIndex { $0 >= start } ?? positions.count
        let last = positions.firstIndex { $0 >= end } ?? positions.count
        var part = self
        part.inputs = Array(inputs[start..<end])
        part.positions = positions[first..<last].map { $0 - start }
        part.originals = Array(originals[first..<last])
        return (part, first)
    }
}

/// The training generator of one data-parallel share: plain draws (`next`) come from the step's
/// generator as they are, but every dropout mask is the share's rows' part of the mask the
/// whole batch draws in a single process. Masks are laid out batch-major (rows × …), so for a
/// mask of `n` elements over the share's rows the whole batch's mask has `count · n` elements
/// and the share's part starts at element `index · n`. A share of more than one needs a
/// skippable base (`SeededGenerator` is).
struct ShardedGenerator<Base: RandomNumberGenerator>: RandomNumberGenerator {
    var base: Base
    let shard: BatchShard

    init(_ base: Base, shard: BatchShard) {
        precondition(shard.isWhole || base is any SkippableRandomNumberGenerator, "ShardedGenerator: a share needs a skippable generator")
        self.base = base
        self.shard = shard
    }

    mutating func next() -> UInt64 { base.next() }
}

extension ShardedGenerator: SkippableRandomNumberGenerator where Base: SkippableRandomNumberGenerator {
    func draws(after offset: Int, into draws: UnsafeMutableBufferPointer<UInt64>) {
        base.draws(after: offset, into: draws)
    }

    mutating func skip(draws: Int) { base.skip(draws: draws) }

    mutating func takeMaskDraws(count: Int) -> any SkippableRandomNumberGenerator {
        if shard.isWhole { return base.takeMaskDraws(count: count) }
        let part = MaskPart(base: base, firstElement: shard.index * count)
        base.skip(draws: (shard.count * count + 1) / 2)
        return part
    }
}

/// A mask's draws read from element `firstElement` of a longer mask: each 64-bit draw decides
/// two elements (low half first), so a part starting at an odd element pairs the high half of
/// one draw with the low half of the next.
struct MaskPart<Base: SkippableRandomNumberGenerator>: SkippableRandomNumberGenerator {
    var base: Base
    var firstElement: Int

    func draws(after offset: Int, into draws: UnsafeMutableBufferPointer<UInt64>) {
        let element = firstElement + 2 * offset
        if element % 2 == 0 {
            base.draws(after: element / 2, into: draws)
            return
        }
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: draws.count + 1) { whole in
            base.draws(after: element / 2, into: whole)
            for i in draws.indices { draws[i] = (whole[i] >> 32) | (whole[i + 1] << 32) }
        }
    }

    mutating func next() -> UInt64 {
        var value: UInt64 = 0
        withUnsafeMutablePointer(to: &value) { draws(after: 0, into: UnsafeMutableBufferPointer(start: $0, count: 1)) }
        firstElement += 2
        return value
    }

    mutating func skip(draws: Int) { firstElement += 2 * draws }
}

extension RandomNumberGenerator {
    /// Moves past `draws` values of `next()` (jumping when the generator can).
    mutating func pass(draws: Int) {
        if var skippable = self as? any SkippableRandomNumberGenerator {
            skippable.skip(draws: draws)
            if let after = skippable as? Self { self = after; return }
        }
        for _ in 0..<draws { _ = next() }
    }
}
