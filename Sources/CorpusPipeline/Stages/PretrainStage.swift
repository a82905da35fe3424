import CorpusReport
import CorpusTraining
import Foundation

/// `type: pretrain`: trains on the input stage's token shards, in the stage's folder, with the
/// files `corpus pretrain` writes (settings.json, metrics.jsonl, checkpoints/, export/). One task
/// per checkpoint interval (`to-step-N`), each finished when its checkpoint is written, so a run
/// killed mid-training keeps its checkpoints and resumes from the last one; a last task,
/// `curves`, reads the metrics into the run's statistics with the run's FLOPs (per step, in
/// all, and the stage matched with `equal_flops_with`).
struct PretrainStage: PipelineStage {
    let config: PretrainConfig
    var identity: [String] { [] }

    func run(_ context: StageContext) throws -> StageStatistics {
        guard let data = context.inputFolder else { preconditionFailure("a pretrain stage always has a shard stage before it") }
        var config = config
        if let weights = context.weightsFolder { config.settings.initialWeights = weights }
        let setup = try PretrainSetup(config: config, data: data, output: context.folder)
        let settings = setup.settings
        let boundaries = Array(stride(from: settings.checkpointEvery, to: settings.steps, by: settings.checkpointEvery)) + [settings.steps]
        let tokensPerStep = settings.batchSize * settings.sequenceLength
        // Every task's figures are merged, so the stage's seconds are the training time (a
        // resumed run adds up the time its finished tasks took when they ran).
        var statistics = context.emptyStatistics()
        for boundary in boundaries {
            statistics = statistics.merged(with: try context.task("to-step-\(boundary)") {
                try setup.run(stopAfter: boundary) { event in
                    if case .trained(let step, let loss, _, _, _) = event {
                        context.progress(task: "train", step: step, of: settings.steps, tokens: step * tokensPerStep, loss: loss)
                    }
                }
                return context.emptyStatistics()
            })
        }
        return statistics.merged(with: try context.task("curves") {
            var curves = context.emptyStatistics()
            curves.training = try Self.curves(metrics: context.folder + "/metrics.jsonl")
            curves.compute = settings.stepFLOPs().map { flops in
                ComputeFigures(objective: settings.objective.rawValue, steps: settings.steps, batchSize: settings.batchSize,
                               sequenceLength: settings.sequenceLength, flopsPerStep: flops.total, linearFLOPsPerStep: flops.linear,
                               attentionFLOPsPerStep: flops.attention, matchedStage: config.computeMatch?.stage,
                               matchedFLOPs: config.computeMatch?.referenceFLOPs)
            }
            return curves
        })
    }

    /// The train records of `metrics.jsonl` as curves (every numeric field but the step).
    static func curves(metrics path: String) throws -> TrainingCurves {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var steps: [Int] = []
        var series: [String: [Double]] = [:]
        for line in text.split(separator: "\n") {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  object["part"] as? String == "train", let step = object["step"] as? Int else { continue }
            steps.append(step)
            for (key, value) in object where key != "step" {
                guard let number = value as? Double ?? (value as? Int).map(Double.init) else { continue }
                series[key, default: []].append(number)
            }
        }
        // A series missing at some step would not line up with the steps: keep complete ones only.
        return TrainingCurves(steps: steps, series: series.filter { $0.value.count == steps.count })
    }
}
