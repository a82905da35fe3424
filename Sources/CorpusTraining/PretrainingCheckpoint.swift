import CorpusModels
import CorpusTensors
import Foundation

/// A pretraining checkpoint as one safetensors file: every weight under its model name, AdamW's
/// moments under `optimizer.first.NAME` and `optimizer.second.NAME`, and in the metadata the
/// step, the settings, the data position and the random state.
///
/// Random state: step `s` draws from `SeededGenerator(seed, stream: 2, index: s)` and reads batch
/// `s`, so (seed, step) is the whole state; it is stored, with the data position it implies, so
/// the file says where the run stands without this code.
public enum PretrainingCheckpoint {
    /// The metadata `format` value.
    public static let format = "corpus-pretraining-checkpoint"

    /// The file's name for `step`: `step-00001000.safetensors` (names sort by step).
    public static func fileName(step: Int) -> String {
        let digits = String(step)
        return "step-" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits + ".safetensors"
    }

    /// The checkpoint files in `folder`, newest first.
    public static func paths(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasPrefix("step-") && $0.hasSuffix(".safetensors") }.sorted(by: >).map { folder + "/" + $0 }
    }

    /// The checkpoint of `trainer`'s current state; `data` is where the next batch starts.
    public static func file<O: PretrainingObjective>(_ trainer: Pretrainer<O>, data: (epoch: Int, sequence: Int)) throws -> SafeTensorsFile {
        var tensors: [String: SafeTensor] = [:]
        var model = trainer.model, index = 0
        let moments = trainer.moments
        model.visit { name, shape, tensor, _ in
            tensors[name] = SafeTensor(tensor, shape: shape)
            tensors["optimizer.first." + name] = SafeTensor(moments[index].first, shape: shape)
            tensors["optimizer.second." + name] = SafeTensor(moments[index].second, shape: shape)
            index += 1
        }
        let settings = String(decoding: try settingsJSON(trainer.settings), as: UTF8.self)
        return SafeTensorsFile(tensors: tensors, metadata: [
            "format": format, "version": "1", "step": String(trainer.step), "objective": trainer.settings.objective.rawValue,
            "settings": settings, "seed": String(trainer.settings.seed),
            "random": "SeededGenerator(seed: \(trainer.settings.seed), stream: 2, index: \(trainer.step))",
            "data_epoch": String(data.epoch), "data_sequence": String(data.sequence), "data_batch": String(trainer.step),
        ])
    }

    /// Restores `trainer` from the checkpoint at `path`, which must have been written with the
    /// same settings.
    public static func restore<O: PretrainingObjective>(_ trainer: Pretrainer<O>, from path: String) throws {
        let file = try SafeTensorsFile.read(path: path)
        func fail(_ why: String) -> PretrainingError { .checkpoint(path: path, reason: why) }
        guard file.metadata["format"] == format, file.metadata["version"] == "1" else { throw fail("not a corpus pretraining checkpoint (version 1)") }
        guard let stepText = file.metadata["step"], let step = Int(stepText), step >= 0 else { throw fail("no step in the metadata") }
        guard file.metadata["settings"] == String(decoding: try settingsJSON(trainer.settings), as: UTF8.self) else {
            throw PretrainingError.checkpointFromOtherSettings(path: path)
        }
        var model = trainer.model
        var moments: [AdamW.Moments] = []
        var problem: String?
        model.visit { name, shape, tensor, _ in
            guard problem == nil else { return }
            do {
                for key in [name, "optimizer.first." + name, "optimizer.second." + name] {
                    guard let stored = file.tensors[key] else { throw fail("tensor \(key) is missing") }
                    guard stored.shape == shape, stored.dtype == .f32 else { throw fail("tensor \(key) is \(stored.dtype.rawValue) \(stored.shape), expected F32 \(shape)") }
                }
                tensor = try file.tensors[name]!.floats()
                var pair = AdamW.Moments(count: 0)
                pair.first = try file.tensors["optimizer.first." + name]!.floats()
                pair.second = try file.tensors["optimizer.second." + name]!.floats()
                moments.append(pair)
            } catch {
                problem = "\(error)"
            }
        }
        if let problem { throw fail(problem) }
        trainer.restore(model: model, moments: moments, step: step)
    }

    /// Starts `trainer` from the weights of another run's checkpoint (UL2R continues a trained
    /// model on a new objective): the file at `path`, or the newest checkpoint of the run folder
    /// at `path`. Moments start at zero and the step at 0; every tensor must be there with the
    /// model's shape.
    public static func startFromWeights<O: PretrainingObjective>(_ trainer: Pretrainer<O>, path: String) throws {
        var isFolder: ObjCBool = false
        let file: String
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            guard let newest = paths(in: path + "/checkpoints").first else {
                throw PretrainingError.checkpoint(path: path, reason: "initial_weights names a folder without checkpoints/step-*.safetensors")
            }
            file = newest
        } else {
            file = path
        }
        let stored = try SafeTensorsFile.read(path: file)
        var model = trainer.model
        var problem: String?
        model.visit { name, shape, tensor, _ in
            guard problem == nil else { return }
            guard let weights = stored.tensors[name], weights.shape == shape, let values = try? weights.floats() else {
                problem = "tensor \(name) \(shape) is missing or has another shape or type; initial_weights must come from a model of the same sizes"
                return
            }
            tensor = values
        }
        if let problem { throw PretrainingError.checkpoint(path: file, reason: problem) }
        trainer.restore(model: model, moments: model.tensors.map { AdamW.Moments(count: $0.count) }, step: 0)
    }

    /// The settings as canonical JSON (sorted keys): what a checkpoint and a run folder record.
    public static func settingsJSON(_ settings: PretrainingSettings) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return try encoder.encode(settings)
    }
}

/// Why pretraining stopped or refused to start.
public enum PretrainingError: Error, CustomStringConvertible, Equatable {
    /// The settings cannot train.
    case invalidSettings([String])
    /// The data does not fit the settings (vocabulary, tokenizer, too few tokens).
    case data(String)
    /// A checkpoint could not be used.
    case checkpoint(path: String, reason: String)
    /// A checkpoint was written with other settings than the run's.
    case checkpointFromOtherSettings(path: String)
    /// The run folder holds a run with other settings.
    case settingsChanged(directory: String)
    /// Writing an output failed.
    case io(path: String, reason: String)
    /// Data-parallel training failed: a collective call, or the ranks' states drifted apart.
    case dataParallel(String)

    public var description: String {
        switch self {
        case .invalidSettings(let problems): "the settings cannot train: " + problems.joined(separator: "; ")
        case .data(let message): message
        case .checkpoint(let path, let reason): "\(path): cannot resume from this checkpoint: \(reason)"
        case .checkpointFromOtherSettings(let path): "\(path): cannot resume from this checkpoint: it was written with different settings"
        case .settingsChanged(let directory):
            "\(directory) holds a run with different settings; use another output folder, or delete it to start over"
        case .io(let path, let reason): "\(path): \(reason)"
        case .dataParallel(let message): "data-parallel training: " + message
        }
    }
}
