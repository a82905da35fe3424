import CorpusIngest
import CorpusTestSupport
import CorpusTokenizer
import Foundation

/// Real English text for training tiny models: the 240 documents (about 330 kB) of the quality
/// filters' golden fixture, read with the package's own JSONL reader.
enum TrainingText {
    static let path = Repository.root + "/Tests/CorpusFiltersTests/Fixtures/quality_golden.jsonl"

    static let documents: [String] = {
        var options = ReaderOptions()
        options.format = .jsonl
        return (try? drain(path, options: options).documents.map(\.text)) ?? []
    }()

    /// A config for a small, quick model.
    static func config(vocabSize: Int = 400, _ change: (inout TokenizerTrainingConfig) -> Void = { _ in }) -> TokenizerTrainingConfig {
        var config = TokenizerTrainingConfig(vocabSize: vocabSize)
        config.characterCoverage = 0.98
        config.threads = 2
        config.inputSentenceSize = 3000
        change(&config)
        return config
    }

    /// Trains on the fixture text once per distinct config; later calls share the model.
    static func model(_ config: TokenizerTrainingConfig) throws -> TrainedTokenizerModel {
        try cache.model(config) { try TokenizerTrainer(config: config).train(documents: documents) }
    }

    private static let cache = ModelCache()
}

/// Trained models by config, so tests that need the same model train it once.
final class ModelCache: @unchecked Sendable {
    private let lock = NSLock()
    private var models: [String: TrainedTokenizerModel] = [:]

    func model(_ config: TokenizerTrainingConfig, train: () throws -> TrainedTokenizerModel) throws -> TrainedTokenizerModel {
        let key = String(decoding: try JSONEncoder().encode(config), as: UTF8.self)
        lock.lock()
        defer { lock.unlock() }
        if let model = models[key] { return model }
        let model = try train()
        models[key] = model
        return model
    }
}
