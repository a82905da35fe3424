import CorpusCore

/// Near-duplicate dedup with MinHash LSH, FineWeb's parameters by default: word 5-grams of the
/// key-normalized text, 14 bands of 8 rows (112 permutations), 64-bit hashes, a fixed seed.
///
/// Two documents are candidates when all `rows` minima of at least one band agree, which
/// happens with probability `1 - (1 - J^rows)^bands` for Jaccard similarity `J` of their
/// shingle sets. Candidates are joined into clusters (union-find, transitively); the first
/// document of each cluster in corpus order stays. A document whose key is empty has no
/// signatures and is always kept. Reason: `near_duplicate`. See docs/dedup-minhash.md.
public struct MinHashDedup: DedupMethod {
    /// One band of one document's sketch: the hash of its `rows` minima.
    public struct Signature: SortRecord {
        /// The band index, 0..<bands.
        public var band: UInt64
        /// XXH3-64 of the band's minima (their little-endian bytes), seeded by the method's seed.
        public var bandHash: UInt64
        /// The document (a `DocumentOrdinal` raw value).
        public var ordinal: UInt64

        public var partitionHash: UInt64 { mix64(bandHash ^ (band &* 0x9E37_79B9_7F4A_7C15)) }

        public static func < (a: Self, b: Self) -> Bool {
            (a.band, a.bandHash, a.ordinal) < (b.band, b.bandHash, b.ordinal)
        }
    }

    /// Bands of the LSH index.
    public let bands: Int
    /// Minima per band.
    public let rows: Int
    /// Words per shingle.
    public let ngramSize: Int
    /// The seed of every hash and of the permutations.
    public let seed: UInt64
    /// Computes the `bands * rows` minima of a text.
    public let sketcher: MinHashSketcher

    /// MinHash dedup with `bands` (1...64) bands of `rows` (1...32) rows over word `ngramSize`-grams
    /// (1...32); the defaults are FineWeb's.
    public init(bands: Int = 14, rows: Int = 8, ngramSize: Int = 5, seed: UInt64 = 1) throws(DedupError) {
        guard (1...64).contains(bands) else { throw .invalidOption("MinHash bands must be in 1...64 (got \(bands))") }
        guard (1...32).contains(rows) else { throw .invalidOption("MinHash rows must be in 1...32 (got \(rows))") }
        guard (1...32).contains(ngramSize) else { throw .invalidOption("MinHash n-gram size must be in 1...32 (got \(ngramSize))") }
        self.bands = bands
        self.rows = rows
        self.ngramSize = ngramSize
        self.seed = seed
        sketcher = MinHashSketcher(permutations: bands * rows, ngramSize: ngramSize, seed: seed)
    }

    public var name: String { "minhash" }

    public func signatures(of document: Document, ordinal: DocumentOrdinal) -> [Signature] {
        bandSignatures(of: sketcher.minima(of: document.text), ordinal: ordinal)
    }

    /// The `bands` signatures of a sketch (empty for an empty sketch).
    public func bandSignatures(of minima: [UInt64], ordinal: DocumentOrdinal) -> [Signature] {
        guard minima.count == bands * rows else { return [] }
        let rowBytes = rows * MemoryLayout<UInt64>.stride
        return minima.withUnsafeBytes { bytes in
            (0..<bands).map { band in
                let slice = UnsafeRawBufferPointer(rebasing: bytes[(band * rowBytes)..<((band + 1) * rowBytes)])
                return Signature(band: UInt64(band), bandHash: Hashing.xxh64(slice, seed: seed), ordinal: ordinal.rawValue)
            }
        }
    }

    public func makeReducer() -> MinHashReducer {
        MinHashReducer(parameters: "\"bands\":\(bands),\"rows\":\(rows),\"ngram\":\(ngramSize),\"seed\":\(seed)")
    }

    public func apply(_ decisions: [Decision], to document: inout Document, details: inout Tally) -> DedupVerdict {
        .removed(by: decisions, reason: "near_duplicate")
    }
}

/// The reduce pass of MinHash dedup: documents whose band hashes agree in some band are
/// joined into clusters; after the last partition each cluster keeps its smallest ordinal
/// and every other member is removed as a duplicate of it.
///
/// Memory: the union-find lives outside the `--memory` sort budget. It holds one entry per
/// document that has at least one candidate (about 40 bytes each in a dictionary), so it
/// scales with the number of near-duplicate documents, not with the corpus.
public struct MinHashReducer: DedupReducer {
    private var components = UnionFind()
    private var bandCollisions = 0
    private let parameters: String

    /// A reducer whose statistics start with `parameters` (JSON object members).
    init(parameters: String) { self.parameters = parameters }

    public mutating func reduce(_ records: inout MergedPartition<MinHashDedup.Signature>,
                                into decisions: ExternalSorter<Decision>) throws(DedupError) {
        var head: MinHashDedup.Signature? = nil
        while let record = try records.next() {
            if let first = head, first.band == record.band, first.bandHash == record.bandHash {
                components.union(first.ordinal, record.ordinal)
                bandCollisions += 1
            } else {
                head = record
            }
        }
    }

    /// Writes one decision per removed document (detail: its cluster's size) and returns the
    /// parameters, the band collisions and the cluster statistics. `clusters` there counts
    /// union-find clusters only, that is clusters of two or more documents: documents with no
    /// candidate are never seen one by one.
    public mutating func finish(into decisions: ExternalSorter<Decision>, catalog: DocumentCatalog) throws(DedupError) -> String {
        var statistics = ClusterStatistics()
        for cluster in components.clusters() {
            let keeper = DocumentOrdinal(rawValue: cluster[0])
            for member in cluster.dropFirst() {
                try decisions.append(Decision(subject: DocumentOrdinal(rawValue: member), reference: keeper,
                                              detail: UInt64(cluster.count)))
            }
            statistics.add(size: cluster.count, keeper: keeper, other: DocumentOrdinal(rawValue: cluster[1]))
        }
        return parameters + ",\"band_collisions\":\(bandCollisions)," + (try statistics.json(catalog: catalog))
    }
}
