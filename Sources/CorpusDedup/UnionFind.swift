/// Disjoint sets of document ordinals, for joining candidate pairs into clusters.
///
/// Only ordinals that were ever joined are stored (a dictionary from ordinal to parent), so
/// memory grows with the number of documents that have a candidate, not with the corpus.
/// Every set's root is its smallest ordinal, which makes "keep the first document in corpus
/// order" the root and the clusters independent of the order of the unions.
public struct UnionFind: Sendable {
    private var parent: [UInt64: UInt64] = [:]

    /// No sets yet: every ordinal is alone.
    public init() {}

    /// Ordinals that belong to a set of two or more.
    public var count: Int { parent.count }

    /// The root (smallest member) of `x`'s set; `x` itself when it was never joined.
    public mutating func find(_ x: UInt64) -> UInt64 {
        var node = x
        while let up = parent[node], up != node {
            // Path halving: point each visited node at its grandparent.
            let grand = parent[up] ?? up
            parent[node] = grand
            node = grand
        }
        return node
    }

    /// Joins the sets of `a` and `b`.
    public mutating func union(_ a: UInt64, _ b: UInt64) {
        let rootA = find(a), rootB = find(b)
        if parent[a] == nil { parent[a] = a }
        if parent[b] == nil { parent[b] = b }
        guard rootA != rootB else { return }
        let (root, child) = rootA < rootB ? (rootA, rootB) : (rootB, rootA)
        parent[child] = root
    }

    /// The sets of two or more, each sorted ascending (so its first element is the root), in
    /// ascending order of their roots.
    public mutating func clusters() -> [[UInt64]] {
        var members: [UInt64: [UInt64]] = [:]
        for x in parent.keys.sorted() {
            members[find(x), default: []].append(x)
        }
        return members.keys.sorted().compactMap { root in
            guard let cluster = members[root], cluster.count > 1 else { return nil }
            return cluster
        }
    }
}
