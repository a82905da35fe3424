/// Which slice of the input one worker takes: rank `rank` of `worldSize` workers.
///
/// Any launcher (a shell loop, Slurm job arrays, several machines) runs one process per rank;
/// together the ranks read every input file exactly once, and each rank's slice depends only on
/// the sorted list of inputs, never on timing.
public struct WorkSplit: Sendable, Equatable, Codable {
    /// This worker's zero-based index.
    public let rank: Int
    /// How many workers share the input.
    public let worldSize: Int

    /// The whole input for a single worker.
    public static let single = WorkSplit(uncheckedRank: 0, worldSize: 1)

    /// Makes a split, refusing ranks outside `0..<worldSize`.
    public init(rank: Int, worldSize: Int) throws(WorkSplitError) {
        guard worldSize >= 1 else { throw .worldSizeNotPositive(worldSize) }
        guard (0..<worldSize).contains(rank) else { throw .rankOutOfRange(rank: rank, worldSize: worldSize) }
        self.rank = rank
        self.worldSize = worldSize
    }

    private init(uncheckedRank rank: Int, worldSize: Int) {
        self.rank = rank
        self.worldSize = worldSize
    }

    /// This rank's share of `items`: after sorting, every `worldSize`-th item starting at `rank`.
    public func select<T: Comparable>(_ items: [T]) -> [T] {
        items.sorted().enumerated().filter { $0.offset % worldSize == rank }.map(\.element)
    }
}

/// Why a rank/world-size pair was refused.
public enum WorkSplitError: Error, Equatable, CustomStringConvertible {
    /// The world size was zero or negative.
    case worldSizeNotPositive(Int)
    /// The rank was not in `0..<worldSize`.
    case rankOutOfRange(rank: Int, worldSize: Int)

    public var description: String {
        switch self {
        case .worldSizeNotPositive(let n):
            return "--world-size must be at least 1 (got \(n))"
        case .rankOutOfRange(let rank, let worldSize):
            return "--rank must be in 0..<\(worldSize) for --world-size \(worldSize) (got \(rank))"
        }
    }
}
