import CorpusIngest
import CorpusModels
import CorpusTensors
import CorpusTokenizer
import CorpusTraining
import Foundation

/// What `corpus instruct` writes to `results.json`: the model, the data, the settings, and the
/// held-out task's rank-classification figures before tuning (zero-shot), after each epoch and
/// at the end, with the gain in accuracy.
public struct InstructionResults: Codable, Sendable, Equatable {
    /// The format version.
    public var version = 1
    /// "instruction".
    public var task = "instruction"
    /// The checkpoint read, its objective and step, and the model in words.
    public var checkpoint: String, objective: String, pretrainingStep: Int, model: String
    /// The training mixture's files and examples per task.
    public var train: [InstructionSource], mixture: [String: Int]
    /// The held-out task's files and task names (none of which is in the mixture).
    public var heldout: [InstructionSource], heldoutTasks: [String]
    /// The settings.
    public var settings: InstructionSettings
    /// Held-out figures before tuning, after each epoch, and after the last.
    public var zeroShot: RankClassification, epochs: [InstructionEpoch], final: RankClassification
    /// `final.accuracy − zeroShot.accuracy`.
    public var gain: Double
    /// Optimizer steps and wall-clock seconds.
    public var steps: Int, seconds: Double
    /// Each step's loss and learning rate (in `metrics.jsonl`, not in `results.json`).
    public var losses: [Double] = [], rates: [Double] = []

    enum CodingKeys: String, CodingKey {
        case version, task, checkpoint, objective, pretrainingStep = "pretraining_step", model, train, mixture, heldout
        case heldoutTasks = "heldout_tasks", settings, zeroShot = "zero_shot", epochs, final, gain, steps, seconds
    }

    /// Pretty-printed JSON with sorted keys.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// `metrics.jsonl`: one line per step (`{"step": 1, "part": "train", "loss": …, "learning_rate": …}`),
    /// and per evaluation (`{"step": 0, "part": "heldout", "epoch": 0, "accuracy": …, "mcc": …}`,
    /// epoch 0 being zero-shot).
    public func metricsLines() -> Data {
        var out = ""
        func number(_ value: Double) -> String { value.isFinite ? String(value) : "null" }
        func evaluation(_ step: Int, _ epoch: Int, _ figures: RankClassification, _ trainLoss: Double?) {
            out += "{\"step\": \(step), \"part\": \"heldout\", \"epoch\": \(epoch), \"accuracy\": \(number(figures.accuracy)), "
                + "\"mcc\": \(number(figures.matthewsCorrelation)), \"mean_target_log_likelihood\": \(number(figures.meanTargetLogLikelihood))"
                + (trainLoss.map { ", \"train_loss\": \(number($0))" } ?? "") + "}\n"
        }
        evaluation(0, 0, zeroShot, nil)
        var next = 0
        for (index, loss) in losses.enumerated() {
            out += "{\"step\": \(index + 1), \"part\": \"train\", \"loss\": \(number(loss)), \"learning_rate\": \(number(rates[index]))}\n"
            while next < epochs.count && epochs[next].step == index + 1 {
                evaluation(epochs[next].step, epochs[next].epoch, epochs[next].heldout, epochs[next].trainLoss)
                next += 1
            }
        }
        return Data(out.utf8)
    }

    /// A readable summary: zero-shot, each epoch, the gain.
    public var table: String {
        func percent(_ value: Double) -> String { String(format: "%6.2f", value * 100) }
        var lines = ["held-out \(heldoutTasks.joined(separator: ", ")) (\(final.examples) examples, majority class \(percent(final.majority)) %)",
                     "epoch   train loss   accuracy      MCC"]
        lines.append("zero-shot          -     \(percent(zeroShot.accuracy))   \(percent(zeroShot.matthewsCorrelation))")
        for epoch in epochs {
            lines.append(String(format: "%5d   %10.4f     ", epoch.epoch, epoch.trainLoss) + percent(epoch.heldout.accuracy) + "   "
                + percent(epoch.heldout.matthewsCorrelation))
        }
        lines.append(String(format: "gain %+.2f points of accuracy after %d steps (%.1f s)", gain * 100, steps, seconds))
        return lines.joined(separator: "\n")
    }
}

/// Flan-style instruction tuning of a pretrained T5: the library entry point `corpus instruct`
/// and pipeline stages call.
public enum InstructionTuning {
    /// Tunes `pretrained` on `mixture` and scores the held-out task before and after; returns
    /// the results and the tuned model. The held-out task must share no task name with the
    /// mixture, and every held-out example needs options with its target among them.
    public static func run(mixture: InstructionSet, heldout: InstructionSet, pretrained: PretrainedModel, tokenizer: SentencePieceTokenizer,
                           tokenizerPath: String, settings: InstructionSettings,
                           observe: (InstructionEvent) -> Void = { _ in }) throws(FinetuneError) -> (results: InstructionResults, model: T5Model<Float>) {
        var problems = settings.problems()
        if mixture.examples.isEmpty { problems.append("the training mixture has no examples") }
        if heldout.examples.isEmpty { problems.append("the held-out task has no examples") }
        let shared = mixture.tasks.intersection(heldout.tasks)
        if !shared.isEmpty {
            problems.append("the held-out task \(shared.sorted().joined(separator: ", ")) is also in the training mixture; hold out a task the model is not tuned on")
        }
        if let bad = heldout.examples.firstIndex(where: { $0.answerIndex == nil }) {
            problems.append("held-out example \(bad + 1) has no options with its target among them; rank classification needs them")
        }
        guard problems.isEmpty else { throw .invalidSettings(problems) }
        let model = try pretrained.t5Model()
        guard case .t5(let eos) = try Finetuning.inputFormat(for: pretrained, tokenizer: tokenizer, tokenizerPath: tokenizerPath) else {
            throw .model(path: pretrained.path, reason: "instruction tuning needs a T5 encoder-decoder")
        }
        func encode(_ set: InstructionSet, _ path: String) throws(FinetuneError) -> EncodedInstructions {
            do {
                return try EncodedInstructions(set.examples, tokenizer: tokenizer, eos: eos, maximumInputLength: settings.maximumInputLength,
                                               maximumTargetLength: settings.maximumTargetLength)
            } catch {
                throw .data(path: path, reason: "cannot be tokenized: \(error)")
            }
        }
        let train = try encode(mixture, mixture.sources.first?.path ?? "training mixture")
        let encodedHeldout = try encode(heldout, heldout.sources.first?.path ?? "held-out task")
        let run = InstructionTuner(settings: settings).run(model, train: train, heldout: heldout.examples, encodedHeldout: encodedHeldout,
                                                           observe: observe)
        let final = run.epochs.last?.heldout ?? run.zeroShot
        let results = InstructionResults(
            checkpoint: pretrained.path, objective: pretrained.settings.objective.rawValue, pretrainingStep: pretrained.step,
            model: pretrained.summary.replacingOccurrences(of: "T5 encoder", with: "T5 encoder-decoder"), train: mixture.sources,
            mixture: mixture.taskCounts, heldout: heldout.sources, heldoutTasks: heldout.tasks.sorted(), settings: settings,
            zeroShot: run.zeroShot, epochs: run.epochs, final: final, gain: final.accuracy - run.zeroShot.accuracy,
            steps: run.losses.count, seconds: run.seconds, losses: run.losses, rates: run.rates)
        return (results, run.model)
    }

    /// Writes into the folder `output` (made if missing), each file atomically: `results.json`,
    /// `metrics.jsonl`, and `model.safetensors`, the tuned weights under the checkpoint's names
    /// with the pretraining settings in its metadata (so `corpus finetune` and `corpus instruct`
    /// read it as a checkpoint) and the instruction settings beside them. Returns the paths.
    @discardableResult
    public static func write(_ results: InstructionResults, model: T5Model<Float>, pretrained: PretrainedModel,
                             to output: String) throws(FinetuneError) -> [String] {
        do { try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true) } catch {
            throw .cannotWrite(path: output, reason: "\(error.localizedDescription)")
        }
        let files: [(String, Data)]
        let metadata: [String: String]
        do {
            let settings = String(decoding: try PretrainingCheckpoint.settingsJSON(pretrained.settings), as: UTF8.self)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            metadata = ["format": PretrainingCheckpoint.format, "version": "1", "step": String(pretrained.step), "settings": settings,
                        "objective": pretrained.settings.objective.rawValue, "instruction_tuned_from": pretrained.path,
                        "instruction_settings": String(decoding: try encoder.encode(results.settings), as: UTF8.self),
                        "instruction_steps": String(results.steps)]
            files = [(output + "/results.json", try results.json()), (output + "/metrics.jsonl", results.metricsLines())]
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
        var copy = model, tensors: [String: SafeTensor] = [:]
        copy.visit { name, shape, tensor, _ in tensors[name] = SafeTensor(tensor, shape: shape) }
        let weights = output + "/model.safetensors"
        do { try SafeTensorsFile(tensors: tensors, metadata: metadata).write(path: weights) } catch {
            throw .cannotWrite(path: weights, reason: "\(error)")
        }
        return files.map(\.0) + [weights]
    }
}

extension PretrainedModel {
    /// The whole T5 encoder-decoder of the checkpoint, for text-to-text fine-tuning.
    public func t5Model() throws(FinetuneError) -> T5Model<Float> {
        guard let shape = settings.model.t5 else { throw .model(path: path, reason: "an ELECTRA checkpoint has no T5 encoder-decoder") }
        guard shape.encoderLayers > 0, settings.objective != .causalLM else {
            throw .model(path: path, reason: "a decoder-only causal LM has no encoder; instruction tuning needs a span or ul2 T5 checkpoint")
        }
        var random = SeededGenerator(seed: 0)
        return try load(T5Model<Float>(shape: shape, generator: &random), prefix: "")
    }
}
