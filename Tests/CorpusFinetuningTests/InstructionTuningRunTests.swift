import CorpusFinetuning
import CorpusModels
import CorpusTensors
import CorpusTestSupport
import CorpusTraining
import Foundation
import Testing

@Suite("Instruction tuning a tiny T5 on real-text language tasks", .serialized)
struct InstructionTuningRunTests {
    static func settings(epochs: Int = 6) -> InstructionSettings {
        var settings = InstructionSettings()
        settings.learningRate = 3e-3
        settings.batchSize = 16
        settings.epochs = epochs
        settings.maximumInputLength = 32
        settings.maximumTargetLength = 8
        settings.dropout = 0.1
        settings.schedule = .linear
        return settings
    }

    @Test("explore")
    func explore() throws {
        print(LanguageInstructions.lines.mapValues(\.count))
        let mixture = try LanguageInstructions.mixture()
        let heldout = try LanguageInstructions.heldout(count: 40, after: 80)
        let model = try PretrainedModel(path: FinetuningRunTests.t5Checkpoint())
        let (results, _) = try InstructionTuning.run(mixture: mixture, heldout: heldout, pretrained: model, tokenizer: LanguageTask.tokenizer,
                                                     tokenizerPath: LanguageTask.tokenizerPath, settings: Self.settings(epochs: 12)) { event in
            if case .evaluated(let e) = event { print(e.epoch, e.trainLoss, e.heldout.accuracy, e.heldout.confusion.counts) }
        }
        print(results.table)
    }
}
