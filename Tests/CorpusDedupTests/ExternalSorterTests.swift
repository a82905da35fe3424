import CorpusCore
import CorpusDedup
import CorpusTestSupport
import Foundation
import Testing

/// A record for sorter tests: a key with its insertion index.
struct TestRecord: SortRecord {
    var key: UInt64
    var index: UInt64
    var partitionHash: UInt64 { mix64(key) }
    static func < (a: Self, b: Self) -> Bool { (a.key, a.index) < (b.key, b.index) }
}

@Suite("External sorter")
struct ExternalSorterTests {
    let directory = Fixtures.temporaryDirectory()

    func sortedThroughRuns(_ records: [TestRecord], memory: Int, partitions: Int, name: String) throws -> (records: [[TestRecord]], runs: Int) {
        let sorter = try ExternalSorter<TestRecord>(directory: directory + "/" + name, prefix: "r", memoryBytes: memory, partitions: partitions)
        try sorter.append(contentsOf: records)
        let runs = try sorter.finish()
        var out: [[TestRecord]] = []
        for partition in 0..<partitions {
            var merged = try MergedPartition<TestRecord>(runs: runs, partition: partition, chunkRecords: 3)
            var records: [TestRecord] = []
            while let record = try merged.next() { records.append(record) }
            out.append(records)
        }
        return (out, runs.count)
    }

    @Test("sorts each partition completely, with many spills as with none")
    func spillsDoNotChangeTheOrder() throws {
        var random = SplitMix64(seed: 7)
        let records = (0..<5_000).map { TestRecord(key: random.next() % 300, index: UInt64($0)) }
        let tiny = try sortedThroughRuns(records, memory: 16 * 37, partitions: 5, name: "tiny")
        let large = try sortedThroughRuns(records, memory: 1 << 24, partitions: 5, name: "large")
        #expect(tiny.runs > 100)
        #expect(large.runs == 1)
        #expect(tiny.records == large.records)
        for (partition, sorted) in large.records.enumerated() {
            #expect(sorted == sorted.sorted())
            #expect(sorted.allSatisfy { $0.partition(of: 5) == partition })
        }
        #expect(large.records.flatMap { $0 }.sorted() == records.sorted())
    }

    @Test("puts equal keys in the same partition")
    func equalKeysSharePartitions() throws {
        let records = (0..<200).map { TestRecord(key: UInt64($0 % 10), index: UInt64($0)) }
        let result = try sortedThroughRuns(records, memory: 160, partitions: 3, name: "keys")
        for key in 0..<10 {
            let holders = result.records.indices.filter { p in result.records[p].contains { $0.key == UInt64(key) } }
            #expect(holders.count == 1)
        }
    }

    @Test("leaves one empty run for an empty input, and merging it yields nothing")
    func emptyInput() throws {
        let result = try sortedThroughRuns([], memory: 1024, partitions: 2, name: "empty")
        #expect(result.runs == 1)
        #expect(result.records == [[], []])
    }

    @Test("refuses a run file of another record size")
    func refusesForeignRuns() throws {
        let sorter = try ExternalSorter<TestRecord>(directory: directory + "/foreign", prefix: "r", memoryBytes: 1024, partitions: 1)
        try sorter.append(TestRecord(key: 1, index: 1))
        let runs = try sorter.finish()
        #expect(throws: DedupError.self) { _ = try MergedPartition<Decision>(runs: runs, partition: 0) }
    }

    @Test("removes stale runs an interrupted attempt left under the same prefix")
    func staleRunsAreRemoved() throws {
        let first = try ExternalSorter<TestRecord>(directory: directory + "/stale", prefix: "r", memoryBytes: 16, partitions: 1)
        try first.append(contentsOf: (0..<5).map { TestRecord(key: UInt64($0), index: 0) })
        #expect(try first.finish().count == 5)
        let second = try ExternalSorter<TestRecord>(directory: directory + "/stale", prefix: "r", memoryBytes: 1024, partitions: 1)
        try second.append(TestRecord(key: 9, index: 9))
        let runs = try second.finish()
        #expect(runs.count == 1)
        var merged = try MergedPartition<TestRecord>(runs: runs, partition: 0)
        #expect(try merged.next() == TestRecord(key: 9, index: 9))
        #expect(try merged.next() == nil)
    }
}
