import CorpusCore
import CorpusIngest
import CorpusReport
import CorpusTokenizer

/// `type: tokenizer`: one task, `train`: samples lines from every input part, trains a
/// SentencePiece model and writes `tokenizer.model` and `tokenizer.vocab`, then measures the
/// model on the first `measure_documents` documents (tokens per word, vocabulary used).
struct TokenizerStage: PipelineStage {
    let settings: TokenizerStageSettings
    let trainer: TokenizerTrainer
    var identity: [String] { [] }

    /// The model file of a tokenizer stage's folder.
    static func modelPath(in folder: String) -> String { folder + "/tokenizer.model" }

    func run(_ context: StageContext) throws -> StageStatistics {
        try context.task("train") {
            let parts = context.inputParts()
            var options = ReaderOptions()
            options.format = .jsonl
            let stream = DocumentStream(files: parts, options: options)
            stream.onProblem = context.onProblem
            var sampler = trainer.makeSampler()
            while let document = stream.next() {
                sampler.add(document: document.text)
                if sampler.documents % 256 == 0 {
                    context.progress(task: "sample", index: 0, of: 1, documents: sampler.documents, bytes: stream.inputBytesConsumed)
                }
            }
            let sample = sampler.finish()
            context.progress(task: "train", index: 0, of: 1, documents: sample.statistics.documents, bytes: stream.inputBytesConsumed)
            let clock = ContinuousClock()
            let started = clock.now
            let model = try trainer.train(sample)
            let trainingSeconds = Double((clock.now - started).components.seconds)
                + Double((clock.now - started).components.attoseconds) / 1e18
            try model.write(modelPath: Self.modelPath(in: context.folder))

            var statistics = context.emptyStatistics()
            let bytes = Int64(sample.statistics.bytes)
            statistics.flow = Flow(documentsIn: sample.statistics.documents, documentsOut: sample.statistics.documents,
                                   bytesIn: bytes, bytesOut: bytes)
            let (perWord, used) = try measure(model.tokenizer, parts: parts)
            let tokenizer = model.tokenizer
            statistics.tokenizer = TokenizerFigures(
                modelType: settings.training.modelType.rawValue, vocabSize: tokenizer.vocabSize, sha256: tokenizer.modelHash,
                sampledLines: model.sampledLines, trainingSeconds: trainingSeconds, tokensPerWord: perWord, vocabularyUsed: used,
                specialTokens: Dictionary(tokenizer.specialTokens.all.map { ($0.name, Int($0.id)) }, uniquingKeysWith: { a, _ in a }))
            return statistics
        }
    }

    /// Tokens per whitespace-separated word, and the share of ids used, over the first documents.
    private func measure(_ tokenizer: SentencePieceTokenizer, parts: [String]) throws -> (Double, Double) {
        var options = ReaderOptions()
        options.format = .jsonl
        let stream = DocumentStream(files: parts, options: options)
        var used = [Bool](repeating: false, count: tokenizer.vocabSize)
        var tokens = 0
        var words = 0
        var documents = 0
        while documents < settings.measureDocuments, let document = stream.next() {
            documents += 1
            words += document.text.split(whereSeparator: { $0.isWhitespace }).count
            let ids = try tokenizer.encode(document.text)
            tokens += ids.count
            for id in ids where Int(id) < used.count { used[Int(id)] = true }
        }
        let distinct = used.reduce(0) { $0 + ($1 ? 1 : 0) }
        return (Double(tokens) / Double(max(words, 1)), Double(distinct) / Double(max(tokenizer.vocabSize, 1)))
    }
}
