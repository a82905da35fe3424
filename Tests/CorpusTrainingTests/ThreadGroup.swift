import CorpusTraining
import Foundation

/// K "processes" as threads of this one, for data-parallel tests without MPI: each member is a
/// `Communicator`, and every collective waits for all members, then gives each the members'
/// contributions in rank order (sums are added in rank order, as MPI's two-process allreduce does).
final class ThreadGroup: @unchecked Sendable {
    let size: Int
    private let condition = NSCondition()
    private var slots: [Any?], published: [Any] = [], arrived = 0, generation = 0

    init(size: Int) {
        self.size = size
        slots = Array(repeating: nil, count: size)
    }

    /// The members, rank 0 first.
    var members: [Member] { (0..<size).map { Member(group: self, rank: $0) } }

    /// Waits for every member's `value`; returns them all in rank order.
    func exchange(rank: Int, _ value: Any) -> [Any] {
        condition.lock()
        defer { condition.unlock() }
        let mine = generation
        slots[rank] = value
        arrived += 1
        if arrived == size {
            published = slots.map { $0! }
            slots = Array(repeating: nil, count: size)
            arrived = 0
            generation += 1
            condition.broadcast()
        } else {
            while generation == mine { condition.wait() }
        }
        return published
    }

    /// Runs `body(member)` for every member on its own thread and waits for all; returns what
    /// each returned or threw, in rank order.
    func run<Result>(_ body: @escaping @Sendable (Member) throws -> Result) -> [Swift.Result<Result, any Error>] {
        let lock = NSLock()
        nonisolated(unsafe) var results = [Swift.Result<Result, any Error>?](repeating: nil, count: size)
        let done = DispatchGroup()
        for member in members {
            done.enter()
            let thread = Thread {
                let result = Swift.Result { try body(member) }
                lock.withLock { results[member.rank] = result }
                done.leave()
            }
            thread.stackSize = 16 << 20
            thread.start()
        }
        done.wait()
        return results.map { $0! }
    }

    /// One member of the group.
    final class Member: Communicator, @unchecked Sendable {
        let group: ThreadGroup
        let rank: Int
        var size: Int { group.size }

        init(group: ThreadGroup, rank: Int) {
            self.group = group
            self.rank = rank
        }

        func sum(_ values: inout [Float]) throws(CommunicationError) {
            let all = group.exchange(rank: rank, values).map { $0 as! [Float] }
            values = all.dropFirst().reduce(all[0]) { total, next in zip(total, next).map { $0 + $1 } }
        }

        func sum(_ values: inout [Double]) throws(CommunicationError) {
            let all = group.exchange(rank: rank, values).map { $0 as! [Double] }
            values = all.dropFirst().reduce(all[0]) { total, next in zip(total, next).map { $0 + $1 } }
        }

        func gather(_ values: [Float]) throws(CommunicationError) -> [Float] {
            group.exchange(rank: rank, values).flatMap { $0 as! [Float] }
        }

        func gather(_ values: [Double]) throws(CommunicationError) -> [Double] {
            group.exchange(rank: rank, values).flatMap { $0 as! [Double] }
        }
    }
}
