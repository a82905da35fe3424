import CorpusCore

/// Sizes of duplicate clusters (groups of documents judged copies of one another) and the
/// largest ones with two example ids, for `stats.json`.
public struct ClusterStatistics: Sendable {
    /// Clusters seen, singletons included.
    public private(set) var clusters = 0
    /// Clusters of two or more documents.
    public private(set) var duplicateClusters = 0
    /// Documents removed: cluster size minus one, summed.
    public private(set) var removed = 0
    private var histogram: [String: Int] = [:]
    private var largest: [(size: Int, keeper: UInt64, other: UInt64)] = []

    /// Empty statistics.
    public init() {}

    /// The histogram bucket of a cluster size: exact up to 10, then powers of two ("11-16").
    static func bucket(_ size: Int) -> String {
        if size <= 10 { return String(size) }
        var upper = 16
        while upper < size { upper *= 2 }
        return "\(max(11, upper / 2 + 1))-\(upper)"
    }

    /// Counts one cluster of `size` documents kept as `keeper`, with `other` a second member.
    public mutating func add(size: Int, keeper: DocumentOrdinal, other: DocumentOrdinal?) {
        clusters += 1
        guard size > 1, let other else { return }
        duplicateClusters += 1
        removed += size - 1
        histogram[Self.bucket(size), default: 0] += 1
        largest.append((size, keeper.rawValue, other.rawValue))
        if largest.count > 256 { trim() }
    }

    private mutating func trim() {
        largest.sort { $0.size != $1.size ? $0.size > $1.size : $0.keeper < $1.keeper }
        if largest.count > 10 { largest.removeLast(largest.count - 10) }
    }

    /// JSON object members: counts, the size histogram, and the ten largest clusters with two ids each.
    public mutating func json(catalog: DocumentCatalog) throws(DedupError) -> String {
        trim()
        var examples: [String] = []
        for cluster in largest {
            let keeper = try catalog.id(of: DocumentOrdinal(rawValue: cluster.keeper)) ?? ""
            let other = try catalog.id(of: DocumentOrdinal(rawValue: cluster.other)) ?? ""
            examples.append("{\"size\":\(cluster.size),\"ids\":[\(JSONString.quoted(keeper)),\(JSONString.quoted(other))]}")
        }
        let buckets = histogram.keys.sorted { (Int($0.split(separator: "-")[0]) ?? 0) < (Int($1.split(separator: "-")[0]) ?? 0) }
        let sizes = buckets.map { "\(JSONString.quoted($0)):\(histogram[$0]!)" }.joined(separator: ",")
        return "\"clusters\":\(clusters),\"duplicate_clusters\":\(duplicateClusters),"
            + "\"cluster_sizes\":{\(sizes)},\"largest_clusters\":[\(examples.joined(separator: ","))]"
    }
}
