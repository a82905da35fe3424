import CorpusModels
import CorpusShards
import CorpusTensors
import CorpusTestSupport
@testable import CorpusTraining
import Foundation
import Testing

@Suite("Data-parallel pretraining: shares of a batch add up to the whole batch")
struct DataParallelShareTests {
    /// `rows` random sequences of `length` ids in `ids`, the last few positions of row 1 padding.
    static func batch(rows: Int, length: Int, ids: Range<UInt64>, seed: UInt64) -> TrainingBatch {
        var random = SplitMix64(seed: seed)
        let tokens = (0..<rows * length).map { _ in Int32(ids.lowerBound + random.next() % UInt64(ids.count)) }
        var keep = [Bool](repeating: true, count: tokens.count)
        for position in (2 * length - 3)..<(2 * length) { keep[position] = false }
        return TrainingBatch(ids: tokens, batch: rows, length: length, keep: keep)
    }

    /// Runs one training step's forward and backward on the whole `batch` and on each of
    /// `shares` shares of it (every share from the step's generator), and checks that the
    /// shares' gradients, loss terms and counts sum to the whole batch's, and that every share
    /// leaves the generator where the whole batch does.
    static func checkShares<O: PretrainingObjective>(_ objective: O, settings: PretrainingSettings, batch: TrainingBatch, shares: Int) throws {
        var initial = SeededGenerator(seed: 9, stream: 0)
        let model = objective.makeModel(settings: settings, generator: &initial)
        var wholeRandom = SeededGenerator(seed: 9, stream: 2, index: 5)
        var wholeGradients: O.Model? = model.zeroed()
        let whole = try objective.outcome(model, batch: batch, shard: .whole, training: true, generator: &wholeRandom, gradients: &wholeGradients)
        var summed = model.zeroed().tensors
        var loss = 0.0, predicted = 0, correct = 0, judged = 0, replaced = 0
        for index in 0..<shares {
            var random = SeededGenerator(seed: 9, stream: 2, index: 5)
            var gradients: O.Model? = model.zeroed()
            let part = try objective.outcome(model, batch: batch, shard: BatchShard(index: index, count: shares), training: true,
                                             generator: &random, gradients: &gradients)
            #expect(random == wholeRandom, "share \(index + 1) of \(shares) drew a different number of random values")
            for (t, tensor) in gradients!.tensors.enumerated() { for i in tensor.indices { summed[t][i] += tensor[i] } }
            loss += part.loss
            predicted += part.predicted
            correct += part.predictedCorrect
            judged += part.judged
            replaced += part.replaced
        }
        #expect(abs(loss - whole.loss) <= 1e-5 * abs(whole.loss), "loss \(loss) over \(shares) shares, \(whole.loss) whole")
        #expect(predicted == whole.predicted && correct == whole.predictedCorrect && judged == whole.judged && replaced == whole.replaced)
        var worst = 0.0
        for (t, tensor) in wholeGradients!.tensors.enumerated() {
            let scale = Double(tensor.map(abs).max() ?? 0)
            for i in tensor.indices {
                worst = max(worst, Double(abs(summed[t][i] - tensor[i])) / max(scale, 1e-6))
            }
        }
        #expect(worst < 1e-4, "the shares' gradients differ from the whole batch's by \(worst) of a tensor's largest entry")
    }

    static func electraSettings() -> PretrainingSettings {
        var settings = PretrainingRunTests.settings()
        // Odd sequence length and a one-head generator: some shares' dropout masks start mid-draw.
        settings.sequenceLength = 15
        return settings
    }

    @Test("ELECTRA: the shares' gradients, losses and counts sum to the whole batch's, on 2 and 4 shares", arguments: [2, 4])
    func replacedTokenDetection(shares: Int) throws {
        let batch = Self.batch(rows: 4, length: 15, ids: 8..<64, seed: 1)
        try Self.checkShares(PretrainingRunTests.objective, settings: Self.electraSettings(), batch: batch, shares: shares)
    }

    @Test("the masked-LM baseline: the shares add up to the whole batch")
    func maskedLanguageModeling() throws {
        let batch = Self.batch(rows: 4, length: 15, ids: 8..<64, seed: 2)
        let objective = MaskedLanguageModeling(maskID: 4, special: [0, 1, 2, 3, 4, 5, 6, 7])
        try Self.checkShares(objective, settings: Self.electraSettings(), batch: batch, shares: 2)
    }

    @Test("T5 span corruption and UL2: the shares add up to the whole batch", arguments: [PretrainingObjectiveKind.span, .ul2])
    func encoderDecoder(kind: PretrainingObjectiveKind) throws {
        let settings = EncoderDecoderRunTests.settings(kind)
        let objective = try EncoderDecoderRunTests.denoising(settings)
        let batch = Self.batch(rows: 4, length: objective.rawSequenceLength(settings: settings), ids: 6..<40, seed: 3)
        try Self.checkShares(objective, settings: settings, batch: batch, shares: 2)
    }

    @Test("causal LM: the shares add up to the whole batch")
    func causalLanguageModeling() throws {
        let settings = EncoderDecoderRunTests.settings(.causalLM)
        let batch = Self.batch(rows: 4, length: settings.sequenceLength, ids: 6..<40, seed: 4)
        try Self.checkShares(CausalLanguageModeling(dropout: 0.1), settings: settings, batch: batch, shares: 2)
    }

    @Test("a share's dropout mask is its rows' part of the whole batch's mask, at even and odd offsets")
    func dropoutMaskParts() {
        for (rows, width) in [(4, 6), (4, 7), (2, 225)] {
            var whole = SeededGenerator(seed: 3, stream: 2, index: 1)
            let mask: [Float] = Dropout.mask(count: rows * width, rate: 0.5, generator: &whole)
            for index in 0..<rows {
                var random = ShardedGenerator(SeededGenerator(seed: 3, stream: 2, index: 1), shard: BatchShard(index: index, count: rows))
                let part: [Float] = Dropout.mask(count: width, rate: 0.5, generator: &random)
                #expect(part == Array(mask[index * width ..< (index + 1) * width]), "row \(index) of \(rows) × \(width)")
                #expect(random.base == whole)
            }
        }
    }
}

@Suite("Data-parallel pretraining runs on two in-process ranks", .serialized)
struct DataParallelRunTests {
    /// Every metrics record of a run folder, with the wall-clock throughput left out.
    static func records(_ directory: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: directory + "/metrics.jsonl", encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            var record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            record["tokens_per_second"] = nil
            return record
        }
    }

    /// Whether two runs' metrics agree record by record: same keys, texts and counts, numbers
    /// within `tolerance` relative (float32 sums in another order).
    static func agree(_ a: [[String: Any]], _ b: [[String: Any]], tolerance: Double) -> Bool {
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) {
            guard Set(x.keys) == Set(y.keys) else { return false }
            for (key, value) in x {
                if let p = value as? Double, let q = y[key] as? Double {
                    if abs(p - q) > tolerance * max(abs(p), abs(q), 1e-3) { return false }
                } else if "\(value)" != "\(y[key]!)" {
                    return false
                }
            }
        }
        return true
    }

    /// Runs `make(member, directory)` on two ranks sharing `directory`; rethrows the first error.
    static func onTwoRanks(directory: String,
                           _ make: @escaping @Sendable (any Communicator, String) throws -> Int) throws {
        for result in ThreadGroup(size: 2).run({ member in try make(member, directory) }) { _ = try result.get() }
    }

    static func electraRun(_ dataset: TokenDataset, _ directory: String, _ communicator: any Communicator,
                           _ settings: PretrainingSettings = PretrainingRunTests.settings()) throws -> PretrainingRun<ReplacedTokenDetection> {
        try PretrainingRun(settings: settings, objective: PretrainingRunTests.objective, dataset: dataset, directory: directory,
                           communicator: communicator) { model, folder in try HuggingFaceExport.discriminator(model, dropout: 0.1, to: folder) }
    }

    static func spanRun(_ dataset: TokenDataset, _ directory: String, _ communicator: any Communicator) throws -> PretrainingRun<EncoderDecoderDenoising> {
        let settings = EncoderDecoderRunTests.settings()
        return try PretrainingRun(settings: settings, objective: EncoderDecoderRunTests.denoising(settings), dataset: dataset, directory: directory,
                                  communicator: communicator) { model, folder in
            try T5HuggingFaceExport.conditionalGeneration(model, dropout: settings.dropout, to: folder)
        }
    }

    @Test("ELECTRA on two ranks gives one process's loss curve, validation and discriminator figures within float32 tolerance")
    func electraMatchesOneProcess() throws {
        let dataset = try PretrainingRunTests.dataset()
        let one = Fixtures.temporaryDirectory(), two = Fixtures.temporaryDirectory()
        try Self.electraRun(dataset, one, SingleProcess()).run()
        try Self.onTwoRanks(directory: two) { try Self.electraRun(dataset, $1, $0).run() }
        let single = try Self.records(one), parallel = try Self.records(two)
        #expect(single.count == 8 + 2)
        #expect(Self.agree(single, parallel, tolerance: 1e-5), "one process:\n\(single)\ntwo ranks:\n\(parallel)")
        #expect(FileManager.default.fileExists(atPath: two + "/export/model.safetensors"))
    }

    @Test("T5 span corruption on two ranks gives one process's loss curve within float32 tolerance")
    func spanMatchesOneProcess() throws {
        let dataset = try EncoderDecoderRunTests.dataset()
        let one = Fixtures.temporaryDirectory(), two = Fixtures.temporaryDirectory()
        try Self.spanRun(dataset, one, SingleProcess()).run()
        try Self.onTwoRanks(directory: two) { try Self.spanRun(dataset, $1, $0).run() }
        let single = try Self.records(one), parallel = try Self.records(two)
        #expect(single.count == 6 + 2)
        #expect(Self.agree(single, parallel, tolerance: 1e-5), "one process:\n\(single)\ntwo ranks:\n\(parallel)")
    }

    @Test("two ranks stopped after 3 steps and resumed end with the uninterrupted two-rank run's metrics and weights, bit for bit")
    func resumeOnTwoRanks() throws {
        let dataset = try PretrainingRunTests.dataset()
        let whole = Fixtures.temporaryDirectory(), staged = Fixtures.temporaryDirectory()
        try Self.onTwoRanks(directory: whole) { try Self.electraRun(dataset, $1, $0).run() }
        try Self.onTwoRanks(directory: staged) { try Self.electraRun(dataset, $1, $0).run(stopAfter: 3) }
        #expect(try Self.records(staged).count == 3)
        try Self.onTwoRanks(directory: staged) { try Self.electraRun(dataset, $1, $0).run() }
        #expect(try PretrainingRunTests.losses(staged) == PretrainingRunTests.losses(whole))
        let a = try Data(contentsOf: URL(fileURLWithPath: whole + "/export/model.safetensors"))
        let b = try Data(contentsOf: URL(fileURLWithPath: staged + "/export/model.safetensors"))
        #expect(a == b)
    }

    @Test("rank 1 writes nothing, and a rank that resumed from other weights than rank 0's stops the run on both ranks")
    func onlyRankZeroWritesAndDriftIsCaught() throws {
        let dataset = try PretrainingRunTests.dataset()
        let first = Fixtures.temporaryDirectory(), second = Fixtures.temporaryDirectory() + "/rank1"
        let directories = [first, second]
        for result in ThreadGroup(size: 2).run({ member in try Self.electraRun(dataset, directories[member.rank], member).run(stopAfter: 2) }) {
            _ = try result.get()
        }
        #expect(!FileManager.default.fileExists(atPath: second))
        // Rank 0 resumes at step 2; rank 1 finds no checkpoint in its folder and would start afresh.
        let results = ThreadGroup(size: 2).run { member in try Self.electraRun(dataset, directories[member.rank], member).run() }
        for result in results {
            #expect(throws: PretrainingError.self) { try result.get() }
            if case .failure(let error) = result { #expect("\(error)".contains("rank 1 holds other weights than rank 0 at step")) }
        }
    }

    @Test("a batch that does not split evenly over the ranks, or a Switch model, is refused before anything is written")
    func refusals() throws {
        let dataset = try PretrainingRunTests.dataset()
        let directory = Fixtures.temporaryDirectory() + "/run"
        let member = ThreadGroup(size: 3).members[0]
        #expect { try Self.electraRun(dataset, directory, member) } throws: { "\($0)".contains("batch_size (4) must divide by the number of processes (3)") }
        let sparse = SwitchRunTests.settings()
        #expect {
            try PretrainingRun(settings: sparse, objective: EncoderDecoderRunTests.denoising(sparse), dataset: EncoderDecoderRunTests.dataset(),
                               directory: directory, communicator: ThreadGroup(size: 2).members[1]) { _, _ in }
        } throws: { "\($0)".contains("Switch (sparse) model cannot train on 2 processes") }
        #expect(!FileManager.default.fileExists(atPath: directory))
    }
}
