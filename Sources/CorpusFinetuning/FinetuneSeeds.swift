import CorpusTokenizer
import Foundation

/// A task's examples encoded for one pretrained model, ready to fine-tune any seed on: what a
/// caller that runs seeds one at a time (a resumable pipeline stage) keeps between them.
public struct PreparedTask: Sendable {
    /// The task as read, the model, and the settings checked against it.
    public let task: ClassificationTask, model: PretrainedModel, settings: FinetuneSettings
    /// The encoded train and dev examples.
    public let train: EncodedExamples, dev: EncodedExamples
}

extension Finetuning {
    /// Checks `settings` against `model` and encodes `task`'s files with `tokenizer`, as `run` does
    /// before its first seed. Throws `FinetuneError`, or the tokenizer's error for text it cannot encode.
    public static func prepare(task: ClassificationTask, model: PretrainedModel, tokenizer: SentencePieceTokenizer, tokenizerPath: String,
                               settings: FinetuneSettings) throws -> PreparedTask {
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
        return PreparedTask(task: task, model: model, settings: settings, train: train, dev: dev)
    }

    /// Fine-tunes one seed of a prepared task: the same result `run` gives for that seed.
    public static func run(seed: UInt64, of prepared: PreparedTask, observe: (FinetuneEvent) -> Void = { _ in }) throws(FinetuneError) -> SeedResult {
        let classes = prepared.task.labels.count
        if prepared.model.isElectra {
            return ClassificationFinetuner(settings: prepared.settings).run(try prepared.model.electraClassifier(classes: classes, seed: seed), seed: seed,
                                                                            train: prepared.train, dev: prepared.dev, observe: observe)
        }
        return ClassificationFinetuner(settings: prepared.settings).run(try prepared.model.t5Classifier(classes: classes, seed: seed), seed: seed,
                                                                        train: prepared.train, dev: prepared.dev, observe: observe)
    }

    /// The results file of `seeds` (each run on `task` and `model` with `settings`), as `run` writes it.
    public static func results(task: ClassificationTask, model: PretrainedModel, settings: FinetuneSettings, seeds: [SeedResult]) -> FinetuneResults {
        precondition(!seeds.isEmpty, "Finetuning.results: no seeds")
        func summary(_ file: LabeledFile) -> ExampleFileSummary {
            ExampleFileSummary(path: file.path, header: file.hadHeader, examples: file.examples.count, skipped: file.skipped)
        }
        return FinetuneResults(checkpoint: model.path, objective: model.settings.objective.rawValue, pretrainingStep: model.step,
                               model: model.summary, train: summary(task.train), dev: summary(task.dev), labels: task.labels,
                               settings: settings, seeds: seeds, accuracy: SeedSpread(seeds.map(\.accuracy)),
                               matthewsCorrelation: SeedSpread(seeds.map(\.matthewsCorrelation)))
    }
}
