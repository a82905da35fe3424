import CorpusIngest
import CorpusTokenizer
import Foundation

/// Fine-tunes a pretrained encoder on a classification task over several seeds: the library
/// entry point `corpus finetune` and pipeline stages call.
public enum Finetuning {
    /// How the pretrained model reads text with `tokenizer`: ELECTRA needs `[CLS]` and `[SEP]`,
    /// T5 `</s>`; the tokenizer's vocabulary must be the model's.
    public static func inputFormat(for model: PretrainedModel, tokenizer: SentencePieceTokenizer,
                                   tokenizerPath: String) throws(FinetuneError) -> InputFormat {
        guard tokenizer.vocabSize == model.settings.model.vocabulary else {
            throw .model(path: tokenizerPath, reason: "the tokenizer has \(tokenizer.vocabSize) ids but the model's vocabulary is \(model.settings.model.vocabulary); use the tokenizer the model's shards were made with")
        }
        if let expected = model.settings.tokenizerSHA256, expected.lowercased() != tokenizer.modelHash.lowercased() {
            throw .model(path: tokenizerPath, reason: "the run was pinned to tokenizer \(expected), this one is \(tokenizer.modelHash)")
        }
        let special = tokenizer.specialTokens
        if model.isElectra {
            guard let cls = special.cls, let sep = special.sep else {
                throw .model(path: tokenizerPath, reason: "the tokenizer has no [CLS] and [SEP]; an ELECTRA model needs the tokenizer of its shards (corpus tokenizer train --special electra)")
            }
            return .electra(cls: Int32(cls), sep: Int32(sep))
        }
        guard let eos = special.eos else { throw .model(path: tokenizerPath, reason: "the tokenizer has no </s> to end T5's inputs") }
        return .t5(eos: Int32(eos))
    }

    /// Runs seeds 1…`settings.seeds` and gathers the results; `observe` hears each seed's progress.
    public static func run(task: ClassificationTask, model: PretrainedModel, tokenizer: SentencePieceTokenizer, tokenizerPath: String,
                           settings: FinetuneSettings, observe: (FinetuneEvent) -> Void = { _ in }) throws -> FinetuneResults {
        var problems = settings.problems()
        if let shape = model.settings.model.electra, settings.maximumLength > shape.maximumLength {
            problems.append("max_length \(settings.maximumLength) exceeds the model's position table (\(shape.maximumLength))")
        }
        guard problems.isEmpty else { throw FinetuneError.invalidSettings(problems) }
        let format = try inputFormat(for: model, tokenizer: tokenizer, tokenizerPath: tokenizerPath)
        let train = try EncodedExamples(task.train.examples, tokenizer: tokenizer, format: format, maximumLength: settings.maximumLength,
                                        labels: task.labels)
        let dev = try EncodedExamples(task.dev.examples, tokenizer: tokenizer, format: format, maximumLength: settings.maximumLength,
                                      labels: task.labels)
        var seeds: [SeedResult] = []
        for seed in (1...settings.seeds).map(UInt64.init) {
            if model.isElectra {
                seeds.append(ClassificationFinetuner(settings: settings).run(try model.electraClassifier(classes: task.labels.count, seed: seed),
                                                                             seed: seed, train: train, dev: dev, observe: observe))
            } else {
                seeds.append(ClassificationFinetuner(settings: settings).run(try model.t5Classifier(classes: task.labels.count, seed: seed),
                                                                             seed: seed, train: train, dev: dev, observe: observe))
            }
        }
        func summary(_ file: LabeledFile) -> ExampleFileSummary {
            ExampleFileSummary(path: file.path, header: file.hadHeader, examples: file.examples.count, skipped: file.skipped)
        }
        return FinetuneResults(checkpoint: model.path, objective: model.settings.objective.rawValue, pretrainingStep: model.step,
                               model: model.summary, train: summary(task.train), dev: summary(task.dev), labels: task.labels,
                               settings: settings, seeds: seeds, accuracy: SeedSpread(seeds.map(\.accuracy)),
                               matthewsCorrelation: SeedSpread(seeds.map(\.matthewsCorrelation)))
    }

    /// Writes `results` atomically: to `output` when it ends in `.json`, otherwise into the
    /// folder `output` as `results.json` and `metrics.jsonl` (one line per seed and epoch).
    /// Returns the paths written.
    @discardableResult
    public static func write(_ results: FinetuneResults, to output: String) throws(FinetuneError) -> [String] {
        let files: [(String, Data)]
        do {
            files = output.hasSuffix(".json")
                ? [(output, try results.json())]
                : [(output + "/results.json", try results.json()), (output + "/metrics.jsonl", try results.metricsLines())]
        } catch {
            throw .cannotWrite(path: output, reason: "\(error)")
        }
        for (path, data) in files {
            do {
                let file = try AtomicFile(path: path)
                try data.withUnsafeBytes { try file.write($0) }
                try file.commit()
            } catch {
                throw .cannotWrite(path: path, reason: "\(error)")
            }
        }
        return files.map(\.0)
    }
}
