import CorpusFinetuning
import CorpusModels
import CorpusTensors
import CorpusTestSupport
import CorpusTraining
import Foundation
import Testing

@Suite("Instruction tuning a tiny T5 on real-text language tasks", .serialized)
struct InstructionTuningRunTests {
    /// Settings for a random-init tiny T5: a high rate decaying linearly, short sequences.
    static func settings(epochs: Int = 12) -> InstructionSettings {
        var settings = InstructionSettings()
        settings.learningRate = 3e-3
        settings.schedule = .linear
        settings.batchSize = 16
        settings.epochs = epochs
        settings.maximumInputLength = 32
        settings.maximumTargetLength = 8
        return settings
    }

    static func run(_ mixture: InstructionSet, _ heldout: InstructionSet, settings: InstructionSettings,
                    checkpoint: String? = nil) throws -> (results: InstructionResults, model: T5Model<Float>, pretrained: PretrainedModel) {
        let pretrained = try PretrainedModel(path: checkpoint ?? FinetuningRunTests.t5Checkpoint())
        let (results, model) = try InstructionTuning.run(mixture: mixture, heldout: heldout, pretrained: pretrained, tokenizer: LanguageTask.tokenizer,
                                                         tokenizerPath: LanguageTask.tokenizerPath, settings: settings)
        return (results, model, pretrained)
    }

    @Test("tuning on seven-language identification lifts rank classification on a held-out English-or-German task (unseen templates, same answer words) above zero-shot")
    func heldoutGain() throws {
        let mixture = try LanguageInstructions.mixture()
        let heldout = try LanguageInstructions.heldout(count: 40, after: 80)
        #expect(mixture.examples.count == 335 && mixture.tasks == ["language-id"] && heldout.examples.count == 80)
        // The held-out lines are not in the mixture, nor is its wording.
        let trained = Set(mixture.examples.map(\.inputs))
        #expect(heldout.examples.allSatisfy { example in !trained.contains { $0.hasPrefix(String(example.inputs.prefix(40))) } })
        #expect(heldout.examples.allSatisfy { $0.inputs.hasSuffix("OPTIONS:\n- English\n- German") })
        let (results, model, _) = try Self.run(mixture, heldout, settings: Self.settings())
        #expect(results.steps == 12 * 21 && results.epochs.count == 12 && results.losses.count == results.steps)
        // A random model prefers one answer for every line: the majority share, 50 %.
        #expect(results.zeroShot.accuracy <= 0.55 && results.zeroShot.majority == 0.5)
        #expect(results.final.accuracy >= results.zeroShot.accuracy + 0.1, "held-out accuracy by epoch \(results.epochs.map(\.heldout.accuracy))")
        #expect(results.final.matthewsCorrelation > 0.2)
        #expect(results.gain == results.final.accuracy - results.zeroShot.accuracy)
        #expect(results.epochs.last!.trainLoss < results.epochs.first!.trainLoss / 3)
        // The tuned model is the one scored last.
        let encoded = try EncodedInstructions(heldout.examples, tokenizer: LanguageTask.tokenizer, eos: 1, maximumInputLength: 32,
                                              maximumTargetLength: 8)
        // Same predictions; the mean log-likelihood only to float tolerance, since tests running beside this one
        // may change the BLAS thread count between the run's scoring and this one.
        let rescored = RankClassification(model, examples: heldout.examples, encoded: encoded, scoring: .sum)
        #expect(rescored.confusion == results.final.confusion && rescored.accuracy == results.final.accuracy)
        #expect(abs(rescored.meanTargetLogLikelihood - results.final.meanTargetLogLikelihood) < 1e-5)
        print(results.table)
    }

    @Test("a seed gives the same losses and scores on one and two threads, and another seed other losses")
    func deterministic() throws {
        var mixture = try LanguageInstructions.mixture(scale: 0.2)
        mixture.examples = Array(mixture.examples.prefix(64))
        let heldout = try LanguageInstructions.heldout(count: 6, after: 80), checkpoint = try FinetuningRunTests.t5Checkpoint()
        let threads = BLASRuntime.threads
        defer { BLASRuntime.setThreads(threads) }
        var runs: [InstructionResults] = []
        for count in [1, 2] {
            BLASRuntime.setThreads(count)
            var results = try Self.run(mixture, heldout, settings: Self.settings(epochs: 2), checkpoint: checkpoint).results
            results.seconds = 0
            runs.append(results)
        }
        #expect(runs[0] == runs[1])
        var other = Self.settings(epochs: 2)
        other.seed = 2
        #expect(try Self.run(mixture, heldout, settings: other).results.losses != runs[0].losses)
    }

    @Test("results.json, metrics.jsonl and model.safetensors are written, and the tuned model loads back as a checkpoint")
    func writing() throws {
        let mixture = try LanguageInstructions.mixture(scale: 0.1), heldout = try LanguageInstructions.heldout(count: 4, after: 80)
        let (results, model, pretrained) = try Self.run(mixture, heldout, settings: Self.settings(epochs: 2))
        let folder = Fixtures.temporaryDirectory() + "/out"
        let written = try InstructionTuning.write(results, model: model, pretrained: pretrained, to: folder)
        #expect(written == ["results.json", "metrics.jsonl", "model.safetensors"].map { folder + "/" + $0 })
        var decoded = try JSONDecoder().decode(InstructionResults.self, from: Data(contentsOf: URL(fileURLWithPath: written[0])))
        decoded.losses = results.losses
        decoded.rates = results.rates
        #expect(decoded == results)
        let lines = try String(contentsOfFile: written[1], encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1 + results.steps + 2)
        #expect(lines[0].hasPrefix("{\"step\": 0, \"part\": \"heldout\", \"epoch\": 0, \"accuracy\": "))
        #expect(lines[1].hasPrefix("{\"step\": 1, \"part\": \"train\", \"loss\": "))
        #expect(lines.last!.contains("\"epoch\": 2") && lines.last!.contains("\"train_loss\""))
        let reloaded = try PretrainedModel(path: written[2])
        #expect(try reloaded.t5Model().tensors == model.tensors)
        #expect(results.table.contains("zero-shot") && results.table.contains("gain"))
    }

    @Test("a held-out task that is in the mixture, held-out lines without options, and an ELECTRA checkpoint are refused")
    func refusals() throws {
        let mixture = try LanguageInstructions.mixture(scale: 0.1)
        #expect { try Self.run(mixture, mixture, settings: Self.settings()) } throws: { "\($0)".contains("is also in the training mixture") }
        var bare = InstructionSet()
        bare.examples = [InstructionExample(inputs: "Say hi", targets: "hi", task: "greet")]
        #expect { try Self.run(mixture, bare, settings: Self.settings()) } throws: { "\($0)".contains("has no options") }
        let heldout = try LanguageInstructions.heldout(count: 2, after: 80)
        let electra = try FinetuningRunTests.electraCheckpoint(deviation: 0.02)
        #expect { try Self.run(mixture, heldout, settings: Self.settings(), checkpoint: electra) } throws: { "\($0)".contains("no T5 encoder-decoder") }
    }
}
