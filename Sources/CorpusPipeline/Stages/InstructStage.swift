import CorpusFinetuning
import CorpusReport
import CorpusTokenizer
import CorpusTraining
import Foundation

/// `type: instruct`: instruction-tunes the T5 of a pretrain stage with `InstructionTuning` (what
/// `corpus instruct` runs). One task, `tune`, which reads the mixture and the held-out task,
/// scores the held-out task zero-shot, tunes, scores it after each epoch, and writes into the
/// stage's folder `results.json`, `metrics.jsonl` and `model.safetensors` (as `corpus instruct`
/// does) and `export/` (the tuned model in HuggingFace's layout). Every file is written to a
/// temporary name and renamed; the marker follows, so a run killed inside the task starts it
/// again and ends with the same bytes. `results.json` records no wall-clock time (it is in the
/// run's statistics), so that holds for every file.
struct InstructStage: PipelineStage {
    let settings: InstructStageSettings
    /// The files resolved against the config's folder, and the template families.
    let inputs: InstructionInputs
    /// The templates file, resolved, when one is named.
    let templates: String?

    /// The files' sizes and dates and the templates' content: a changed file re-runs the stage.
    var identity: [String] {
        var files = inputs.train + inputs.taskFiles.map(\.path) + [inputs.heldout.path]
        files.sort()
        return files.map { Fingerprint.fileIdentity($0, as: $0) } + (templates.map { ["templates " + Fingerprint.fileContent($0)] } ?? [])
    }

    /// Checks that every file exists, the templates file reads, and every family is known,
    /// before anything runs.
    init(settings: InstructStageSettings, stage: StageConfig, directory: String) throws(ConfigProblem) {
        self.settings = settings
        func resolve(_ path: String, line: Int, key: String) throws(ConfigProblem) -> String {
            let resolved = FinetuneTaskSpec.resolve(path, in: directory)
            guard FileManager.default.fileExists(atPath: resolved) else {
                throw ConfigProblem(line: line, message: "stage \"\(stage.name)\": \(key): \(path) does not exist (\(resolved)). "
                    + FinetuneStage.hint(for: path))
            }
            return resolved
        }
        templates = try settings.templates.map { (path) throws(ConfigProblem) in try resolve(path, line: settings.templatesLine, key: "templates") }
        let families: [String: TemplateFamily]
        do { families = try TemplateFamilies.including(file: templates) } catch {
            throw ConfigProblem(line: settings.templatesLine, message: "stage \"\(stage.name)\": templates: \(error)")
        }
        for file in settings.taskFiles + (settings.heldout.isTSV ? [settings.heldout] : []) where families[file.family] == nil {
            throw ConfigProblem(line: file.familyLine, message: "stage \"\(stage.name)\": family: \(file.family) is not a template family "
                + "(known: \(families.keys.sorted().joined(separator: ", ")); add one with `templates:`)")
        }
        let trainLine = stage.line(of: "train")
        var train: [String] = []
        for path in settings.train { train.append(try resolve(path, line: trainLine, key: "train")) }
        var taskFiles: [InstructionTaskFile] = []
        for file in settings.taskFiles {
            taskFiles.append(InstructionTaskFile(path: try resolve(file.path, line: file.line, key: "task_files"), layout: file.layout,
                                                 family: file.family, name: file.name, maximumExamples: file.examples))
        }
        let held = settings.heldout
        let heldPath = try resolve(held.path, line: held.line, key: "heldout")
        inputs = InstructionInputs(train: train, taskFiles: taskFiles,
                                   heldout: held.isTSV ? .tsv(InstructionTaskFile(path: heldPath, layout: held.layout, family: held.family, name: held.name,
                                                                                maximumExamples: held.examples))
                                       : .jsonl(heldPath),
                                   families: families, verbalizer: settings.verbalizer)
    }

    func run(_ context: StageContext) throws -> StageStatistics {
        guard let modelFolder = context.inputFolder, let tokenizerFolder = context.tokenizerFolder else {
            preconditionFailure("an instruct stage always has a pretrain stage and a tokenizer before it")
        }
        return try context.task("tune") {
            let tuning = settings.settings
            let (mixture, heldout) = try inputs.read(seed: tuning.seed)
            let pretrained = try PretrainedModel(path: modelFolder)
            let tokenizerPath = tokenizerFolder + "/tokenizer.model"
            let tokenizer = try SentencePieceTokenizer(modelFile: tokenizerPath)
            var label = "tune"
            var (results, model) = try InstructionTuning.run(mixture: mixture, heldout: heldout, pretrained: pretrained, tokenizer: tokenizer,
                                                             tokenizerPath: tokenizerPath, settings: tuning) { event in
                switch event {
                case .zeroShot(let figures):
                    label = "tune (held-out accuracy \(String(format: "%.3f", figures.accuracy)) zero-shot)"
                case .trained(let step, let steps, let loss, _):
                    context.progress(task: label, step: step, of: steps, tokens: 0, loss: loss)
                case .evaluated(let epoch):
                    label = "tune (held-out accuracy \(String(format: "%.3f", epoch.heldout.accuracy)) after epoch \(epoch.epoch))"
                }
            }
            // The wall-clock time goes into the statistics, not the output, which must not depend on it.
            results.seconds = 0
            try InstructionTuning.write(results, model: model, pretrained: pretrained, to: context.folder)
            let export = context.folder + "/export"
            if model.shape.sparse == nil {
                try T5HuggingFaceExport.conditionalGeneration(model, dropout: tuning.dropout, to: export)
            } else {
                try WeightsExport.switchTransformer(model, to: export)
            }
            var statistics = context.emptyStatistics()
            statistics.instruction = Self.figures(results, model: context.stage.input ?? "")
            // Curves are NaN-free: a step whose loss is not finite is left out.
            let kept = results.losses.indices.filter { results.losses[$0].isFinite }
            statistics.training = TrainingCurves(steps: kept.map { $0 + 1 },
                                                 series: ["loss": kept.map { results.losses[$0] }, "learning_rate": kept.map { results.rates[$0] }])
            return statistics
        }
    }

    /// The run's figures for the statistics and the report.
    static func figures(_ results: InstructionResults, model: String) -> InstructionFigures {
        func heldout(_ figures: RankClassification) -> HeldoutFigures {
            HeldoutFigures(accuracy: figures.accuracy, mcc: figures.matthewsCorrelation, meanTargetLogLikelihood: figures.meanTargetLogLikelihood)
        }
        return InstructionFigures(
            model: model, objective: results.objective, pretrainingStep: results.pretrainingStep, summary: results.model, mixture: results.mixture,
            heldoutTasks: results.heldoutTasks, heldoutExamples: results.final.examples, majority: results.final.majority,
            zeroShot: heldout(results.zeroShot),
            epochs: results.epochs.map { InstructionEpochFigures(epoch: $0.epoch, step: $0.step, trainLoss: $0.trainLoss, heldout: heldout($0.heldout)) },
            final: heldout(results.final), steps: results.steps)
    }
}
