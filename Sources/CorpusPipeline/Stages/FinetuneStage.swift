import CorpusFinetuning
import CorpusReport
import CorpusTokenizer
import Foundation

/// `type: finetune`: fine-tunes the model of a pretrain stage on each task over seeds
/// 1…`seeds`. One task per (task, seed), `NAME-seed-N`, finished when `NAME/seed-N.json` is
/// written, so a killed run resumes at the seed it was in; a last task, `results`, gathers
/// the seeds into `NAME/results.json` and `NAME/metrics.jsonl` (what `corpus finetune`
/// writes), the stage's `results.json` (every task's), and the run's statistics.
struct FinetuneStage: PipelineStage {
    /// The tasks with their files resolved.
    struct Task {
        let spec: FinetuneTaskSpec
        let train: String, dev: String
    }

    let settings: FinetuneStageSettings
    let tasks: [Task]
    /// Seeds are independent (a cluster spreads them over ranks); gathering comes after.
    var phases: [StagePhase] { [StagePhase("seeds", parallel: true), StagePhase("results", parallel: false)] }
    /// The files' sizes and dates: a changed file re-runs the stage.
    var identity: [String] { tasks.flatMap { [Fingerprint.fileIdentity($0.train, as: $0.spec.name + "/train"), Fingerprint.fileIdentity($0.dev, as: $0.spec.name + "/dev")] } }

    /// Checks that every task's files exist, before anything runs.
    init(settings: FinetuneStageSettings, stage: StageConfig, directory: String) throws(ConfigProblem) {
        self.settings = settings
        var tasks: [Task] = []
        for spec in settings.tasks {
            let train = FinetuneTaskSpec.resolve(spec.train, in: directory), dev = FinetuneTaskSpec.resolve(spec.dev, in: directory)
            for (key, written, path, line) in [("train", spec.train, train, spec.trainLine), ("dev", spec.dev, dev, spec.devLine)]
            where !FileManager.default.fileExists(atPath: path) {
                throw ConfigProblem(line: line, message: "stage \"\(stage.name)\": task \(spec.name): \(key): \(written) does not exist (\(path)). "
                    + Self.hint(for: written))
            }
            tasks.append(Task(spec: spec, train: train, dev: dev))
        }
        self.tasks = tasks
    }

    /// Where to get the file: GLUE's download for the GLUE tasks.
    static func hint(for path: String) -> String {
        let glue = ["SST-2", "CoLA", "MRPC", "QNLI", "QQP", "RTE", "STS-B", "MNLI", "WNLI"].first { path.hasPrefix("\($0)/") || path.contains("/\($0)/") }
        guard let glue else { return "Point `train:`/`dev:` at labeled TSV files (paths are relative to the config's folder)." }
        return "\(glue) is a GLUE task: download GLUE (https://gluebenchmark.com/tasks, or the `glue` data set of Hugging Face's "
            + "datasets, config \(glue.lowercased().replacingOccurrences(of: "-", with: ""))) and put \(glue)/train.tsv and \(glue)/dev.tsv "
            + "under shared/data/labeled/ next to the repository (the layout docs/finetuning.md describes), or point `train:`/`dev:` at your copy."
    }

    func run(_ context: StageContext) throws -> StageStatistics {
        guard let modelFolder = context.inputFolder, let tokenizerFolder = context.tokenizerFolder else {
            preconditionFailure("a finetune stage always has a pretrain stage and a tokenizer before it")
        }
        let tokenizerPath = tokenizerFolder + "/tokenizer.model"
        var loaded: (PretrainedModel, SentencePieceTokenizer)?
        func load() throws -> (PretrainedModel, SentencePieceTokenizer) {
            if let loaded { return loaded }
            let pair = (try PretrainedModel(path: modelFolder), try SentencePieceTokenizer(modelFile: tokenizerPath))
            loaded = pair
            return pair
        }
        var statistics = context.emptyStatistics()
        for (index, task) in tasks.enumerated() {
            var prepared: PreparedTask?
            try FileManager.default.createDirectory(atPath: context.folder + "/" + task.spec.name, withIntermediateDirectories: true)
            for seed in 1...settings.settings.seeds {
                statistics = statistics.merged(with: try context.task("\(task.spec.name)-seed-\(seed)", phase: "seeds") {
                    if prepared == nil {
                        let (model, tokenizer) = try load()
                        prepared = try Finetuning.prepare(task: try read(task), model: model, tokenizer: tokenizer, tokenizerPath: tokenizerPath,
                                                          settings: settings.settings)
                    }
                    let result = try Finetuning.run(seed: UInt64(seed), of: prepared!) { event in
                        if case .trained(_, let step, let steps, let loss, _) = event {
                            context.progress(task: "\(task.spec.name) seed \(seed) (\(index + 1)/\(tasks.count))", step: step, of: steps,
                                             tokens: 0, loss: loss)
                        }
                    }
                    try writeJSON(result, to: seedFile(task, seed: seed, in: context.folder))
                    return context.emptyStatistics()
                })
            }
        }
        return statistics.merged(with: try context.task("results", phase: "results") { try gather(context, model: try load().0) })
    }

    /// The task's files, with the train rows cut to `train_examples` when given.
    private func read(_ task: Task) throws -> ClassificationTask {
        var read = try ClassificationTask(train: task.train, dev: task.dev, layout: task.spec.layout)
        if let limit = task.spec.trainExamples, read.train.examples.count > limit {
            read.train.examples = Array(read.train.examples.prefix(limit))
        }
        return read
    }

    private func seedFile(_ task: Task, seed: Int, in folder: String) -> String { folder + "/" + task.spec.name + "/seed-\(seed).json" }

    /// Every task's seeds gathered into results files and the stage's figures.
    private func gather(_ context: StageContext, model: PretrainedModel) throws -> StageStatistics {
        var figures: [FinetunedTask] = [], all: [String: FinetuneResults] = [:]
        for task in tasks {
            let seeds = try (1...settings.settings.seeds).map { seed in
                try JSONDecoder().decode(SeedResult.self, from: Data(contentsOf: URL(fileURLWithPath: seedFile(task, seed: seed, in: context.folder))))
            }
            let results = Finetuning.results(task: try read(task), model: model, settings: settings.settings, seeds: seeds)
            try Finetuning.write(results, to: context.folder + "/" + task.spec.name)
            all[task.spec.name] = results
            figures.append(FinetunedTask(
                name: task.spec.name, metric: task.spec.metric, trainExamples: results.train.examples, devExamples: results.dev.examples,
                labels: results.labels,
                seeds: seeds.map { seed in
                    FinetunedSeed(seed: seed.seed, accuracy: seed.accuracy, mcc: seed.matthewsCorrelation, epochs: seed.epochs.map {
                        EpochFigures(epoch: $0.epoch, trainLoss: $0.trainLoss, devLoss: $0.devLoss, accuracy: $0.accuracy, mcc: $0.matthewsCorrelation)
                    })
                },
                accuracy: SpreadFigures(seeds.map(\.accuracy)), mcc: SpreadFigures(seeds.map(\.matthewsCorrelation))))
        }
        try writeJSON(all, to: context.folder + "/results.json")
        var statistics = context.emptyStatistics()
        statistics.finetuning = FinetuningFigures(model: context.stage.input ?? "", objective: model.settings.objective.rawValue,
                                                  pretrainingStep: model.step, encoder: model.summary, tasks: figures)
        return statistics
    }

    private func writeJSON<T: Encodable>(_ value: T, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try writeAtomically(Array(try encoder.encode(value)) + [0x0A], to: path)
    }
}
