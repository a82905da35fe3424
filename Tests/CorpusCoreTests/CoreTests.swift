import CorpusCore
import Testing

@Suite("Core")
struct CoreTests {
    @Test("a work split refuses ranks outside the world size")
    func refusesBadRanks() {
        #expect(throws: WorkSplitError.rankOutOfRange(rank: 3, worldSize: 3)) { try WorkSplit(rank: 3, worldSize: 3) }
        #expect(throws: WorkSplitError.worldSizeNotPositive(0)) { try WorkSplit(rank: 0, worldSize: 0) }
    }

    @Test("a work split takes every n-th item of the sorted input, whatever the input order")
    func selectsSorted() throws {
        let split = try WorkSplit(rank: 1, worldSize: 3)
        #expect(split.select(["f", "a", "e", "b", "d", "c", "g"]) == ["b", "e"])
    }

    @Test("a tally counts by reason and lists the largest first, ties by name")
    func tallyOrder() {
        var tally = Tally()
        tally.add("b", 2)
        tally.add("a", 2)
        tally.add("c")
        var other = Tally()
        other.add("c", 5)
        tally.merge(other)
        #expect(tally.sorted.map(\.reason) == ["c", "a", "b"])
        #expect(tally.total == 10)
        #expect(tally["missing"] == 0)
    }
}
