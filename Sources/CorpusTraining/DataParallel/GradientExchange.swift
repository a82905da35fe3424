extension Pretrainer {
    /// Sums every process's gradients, flattened into one buffer so that a step makes one
    /// allreduce of `4 × parameters` bytes.
    func sumOverProcesses(_ gradients: inout [[Float]]) throws {
        var buffer: [Float] = []
        buffer.reserveCapacity(gradients.reduce(0) { $0 + $1.count })
        for tensor in gradients { buffer += tensor }
        do { try communicator.sum(&buffer) } catch { throw PretrainingError.dataParallel("step \(step + 1): \(error)") }
        var start = 0
        for index in gradients.indices {
            let count = gradients[index].count
            gradients[index] = Array(buffer[start..<start + count])
            start += count
        }
    }

    /// The whole batch's outcome from every process's share of it: losses (each share's term
    /// of the mean) and counts are summed, the discriminator's scores gathered in row order.
    func sumOverProcesses(_ outcome: BatchOutcome) throws -> BatchOutcome {
        var figures = [outcome.loss] + outcome.parts.map(\.value)
        figures += [outcome.predicted, outcome.predictedCorrect, outcome.judged, outcome.judgedCorrect, outcome.replaced].map(Double.init)
        var whole = outcome
        do {
            try communicator.sum(&figures)
            // Always, even where empty: every rank must make the same collective calls.
            whole.scores = try communicator.gather(outcome.scores)
            whole.labels = try communicator.gather(outcome.labels.map { $0 ? Float(1) : 0 }).map { $0 == 1 }
        } catch {
            throw PretrainingError.dataParallel("step \(step + 1): \(error)")
        }
        whole.loss = figures[0]
        for index in whole.parts.indices { whole.parts[index].value = figures[1 + index] }
        let counts = figures[(1 + whole.parts.count)...].map { Int($0.rounded()) }
        (whole.predicted, whole.predictedCorrect, whole.judged, whole.judgedCorrect, whole.replaced) = (counts[0], counts[1], counts[2], counts[3], counts[4])
        return whole
    }

    /// Checks that every process holds the same weights, step and moments (they take the same
    /// updates from the same summed gradients, so any difference is a fault): a checksum of the
    /// weights' bits and the step, gathered from every rank and compared.
    public func checkProcessesAgree() throws {
        guard communicator.size > 1 else { return }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for tensor in model.tensors + moments.flatMap({ [$0.first, $0.second] }) {
            for value in tensor { hash = (hash ^ UInt64(value.bitPattern)) &* 0x0000_0100_0000_01B3 }
        }
        // Doubles carry the hash exactly in three 24-bit pieces.
        let mine = [Double(step), Double(hash >> 48), Double((hash >> 24) & 0xFF_FFFF), Double(hash & 0xFF_FFFF)]
        let all: [Double]
        do { all = try communicator.gather(mine) } catch { throw PretrainingError.dataParallel("step \(step): \(error)") }
        for rank in 1..<communicator.size where Array(all[rank * mine.count ..< (rank + 1) * mine.count]) != Array(all[0..<mine.count]) {
            throw PretrainingError.dataParallel("rank \(rank) holds other weights than rank 0 at step \(step) (its step: \(Int(all[rank * mine.count])), "
                + "rank 0's: \(Int(all[0]))); the processes must run the same build on the same data and checkpoints")
        }
    }
}
