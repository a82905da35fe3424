import CorpusCore
import CorpusDedup
import CorpusIngest
import CorpusTestSupport
import Foundation
import Testing

/// What a whole dedup run produced.
struct MinHashRunResult: Equatable {
    var kept: [String] = []
    var removed: [String: String] = [:]  // id -> duplicate_of
    var statistics = ""
}

@Suite("MinHash dedup through the three passes")
struct MinHashPassTests {
    let directory = Fixtures.temporaryDirectory()

    /// Two JSONL files: 180 unrelated documents, near-copies of some of them (one word in 200
    /// changed, case and punctuation changed, a sentence appended), a chain A ~ B ~ C, and a
    /// document with an empty key. Returns the paths and the ids that should go, with the id
    /// each duplicates.
    func corpus() -> (files: [String], expected: [String: String]) {
        var random = MinHashText(seed: 11)
        var lines: [[String]] = [[], []]
        var expected: [String: String] = [:]
        var bases: [(id: String, words: [String])] = []
        func add(_ id: String, _ text: String, file: Int) {
            lines[file].append("{\"id\":\"\(id)\",\"text\":\"\(text)\"}")
        }
        for i in 0..<180 {
            let words = random.words(220 + i % 40)
            bases.append(("base\(i)", words))
            add("base\(i)", words.joined(separator: " "), file: i % 2)
        }
        for i in stride(from: 0, to: 180, by: 6) {
            var copy = bases[i].words
            copy[100] = "changed"
            add("edit\(i)", copy.joined(separator: " "), file: 1 - i % 2)
            expected["edit\(i)"] = bases[i].id
            add("loud\(i)", bases[i].words.joined(separator: " ").uppercased() + ". The End!", file: 1)
            expected["loud\(i)"] = bases[i].id
        }
        // A chain: B differs from A and C from B in 4 of 240 words; all three are one cluster.
        let a = random.words(240)
        let b = random.substituting(4, in: a)
        let c = random.substituting(4, in: b)
        add("chainA", a.joined(separator: " "), file: 0)
        add("chainB", b.joined(separator: " "), file: 1)
        add("chainC", c.joined(separator: " "), file: 1)
        expected["chainB"] = "chainA"
        expected["chainC"] = "chainA"
        add("empty1", "!!! ...", file: 0)
        add("empty2", "!!! ...", file: 1)
        let files = (0..<2).map { Fixtures.write(Array(lines[$0].joined(separator: "\n").utf8), to: "part\($0).jsonl", in: directory) }
        return (files, expected)
    }

    func run(_ files: [String], memory: Int, ranks: Int, workers: Int, batch: Int = 64, work: String) throws -> (MinHashRunResult, Int) {
        let methods: [any DedupMethod] = [try MinHashDedup()]
        let settings = DedupSettings(workDirectory: directory + "/" + work, memoryBytes: memory, workers: workers, batchSize: batch)
        var spills = 0
        for rank in 0..<ranks {
            let input = DedupInput(files: files, split: try WorkSplit(rank: rank, worldSize: ranks), options: ReaderOptions())
            spills += try DedupPasses.signatures(methods: methods, step: 0, input: input, settings: settings).runs
        }
        var result = MinHashRunResult()
        result.statistics = try DedupPasses.reduce(methods: methods, step: 0, settings: settings)
        for rank in 0..<ranks {
            let input = DedupInput(files: files, split: try WorkSplit(rank: rank, worldSize: ranks), options: ReaderOptions())
            _ = try DedupPasses.filter(methods: methods, input: input, settings: settings,
                                       keep: { result.kept.append($0.id) },
                                       remove: { document, method, reason, reference in
                                           #expect(method == "minhash" && reason == "near_duplicate")
                                           result.removed[document.id] = reference ?? "?"
                                       })
        }
        result.kept.sort()
        return (result, spills)
    }

    @Test("removes planted near-duplicates, keeps the rest, and a 64 KB budget changes nothing")
    func fullRun() throws {
        let (files, expected) = corpus()
        let (small, smallSpills) = try run(files, memory: 1 << 16, ranks: 2, workers: 1, work: "small")
        let (large, largeSpills) = try run(files, memory: 64 << 20, ranks: 2, workers: 3, work: "large")
        // One rank reading both files, with batches that straddle the two.
        let (single, _) = try run(files, memory: 1 << 20, ranks: 1, workers: 2, batch: 50, work: "single")
        #expect(small.removed == expected)
        #expect(small.kept.count == 180 + 1 + 2)
        #expect(small.kept.contains("empty1") && small.kept.contains("empty2"))
        #expect(small == large)
        #expect(small == single)
        #expect(smallSpills > 2 && largeSpills == 2)
        #expect(small.statistics.contains("\"duplicate_clusters\":31"))
        #expect(small.statistics.contains("\"cluster_sizes\":{\"3\":31}"))
        #expect(small.statistics.contains("\"bands\":14,\"rows\":8,\"ngram\":5"))
    }
}
