import CorpusModels
import CorpusTensors
import CorpusTraining
import Foundation

/// The weights and settings of a pretraining checkpoint, read to start fine-tuning from: a
/// checkpoint file, or a run folder (its newest readable `checkpoints/step-*.safetensors`).
public struct PretrainedModel: Sendable {
    /// The checkpoint file read.
    public let path: String
    /// The settings the run was trained with (from the checkpoint's metadata).
    public let settings: PretrainingSettings
    /// The optimizer steps the checkpoint had taken.
    public let step: Int
    /// Every tensor of the checkpoint (optimizer moments included), by name.
    let tensors: [String: SafeTensor]

    /// Reads the checkpoint at `path`, or the newest readable one of the run folder at `path`.
    public init(path: String) throws(FinetuneError) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw .missing(path: path, what: "checkpoint or pretraining run folder")
        }
        guard isFolder.boolValue else {
            self = try Self.read(path)
            return
        }
        let candidates = PretrainingCheckpoint.paths(in: path + "/checkpoints")
        guard !candidates.isEmpty else {
            throw .model(path: path, reason: "not a pretraining run folder: no checkpoints/step-*.safetensors (run corpus pretrain first, or name a checkpoint file)")
        }
        var reasons: [String] = []
        for candidate in candidates {
            do throws(FinetuneError) {
                self = try Self.read(candidate)
                return
            } catch {
                reasons.append(error.description)
            }
        }
        throw .model(path: path, reason: "no checkpoint could be read: " + reasons.joined(separator: "; "))
    }

    static func read(_ path: String) throws(FinetuneError) -> PretrainedModel {
        let file: SafeTensorsFile
        do { file = try SafeTensorsFile.read(path: path) } catch { throw .unreadable(path: path, reason: "\(error)") }
        guard file.metadata["format"] == PretrainingCheckpoint.format, let json = file.metadata["settings"] else {
            throw .model(path: path, reason: "not a corpus pretraining checkpoint (no settings in its metadata)")
        }
        let settings: PretrainingSettings
        do { settings = try JSONDecoder().decode(PretrainingSettings.self, from: Data(json.utf8)) } catch {
            throw .model(path: path, reason: "the checkpoint's settings cannot be read (\(error)); it was written by another version of corpus")
        }
        return PretrainedModel(path: path, settings: settings, step: Int(file.metadata["step"] ?? "") ?? 0, tensors: file.tensors)
    }

    private init(path: String, settings: PretrainingSettings, step: Int, tensors: [String: SafeTensor]) {
        self.path = path
        self.settings = settings
        self.step = step
        self.tensors = tensors
    }

    /// The encoder in a few words: "ELECTRA discriminator (rtd), hidden 256 × 12 layers".
    public var summary: String {
        switch settings.model {
        case .electra(let shape):
            return (settings.objective == .rtd ? "ELECTRA discriminator" : "MLM encoder") + " (\(settings.objective.rawValue)), "
                + "hidden \(shape.discriminator.hidden) × \(shape.discriminator.layers) layers"
        case .t5(let shape):
            return "T5 encoder (\(settings.objective.rawValue)), d_model \(shape.width) × \(shape.encoderLayers) blocks"
        }
    }

    /// Whether the model is ELECTRA-shaped (rtd, mlm) rather than T5.
    public var isElectra: Bool { settings.model.electra != nil }

    /// An ELECTRA classifier for `classes` classes: the encoder from the checkpoint (the
    /// discriminator's for rtd, the encoder's for mlm), the head drawn from
    /// `SeededGenerator(seed, stream: 0)`.
    public func electraClassifier(classes: Int, seed: UInt64) throws(FinetuneError) -> ElectraClassifier<Float> {
        guard let shape = settings.model.electra else { throw .model(path: path, reason: "a T5 checkpoint has no ELECTRA encoder") }
        var random = SeededGenerator(seed: seed, stream: 0)
        // The pretrained prefix of `electra.…`: the discriminator's in an ELECTRA pair.
        let prefix = settings.objective == .rtd ? "discriminator." : ""
        return try load(ElectraClassifier<Float>(shape: shape, classes: classes, generator: &random), prefix: prefix)
    }

    /// A T5 encoder classifier for `classes` classes: the token table and the encoder from the
    /// checkpoint, the head drawn from `SeededGenerator(seed, stream: 0)`.
    public func t5Classifier(classes: Int, seed: UInt64) throws(FinetuneError) -> T5EncoderClassifier<Float> {
        guard let shape = settings.model.t5 else { throw .model(path: path, reason: "an ELECTRA checkpoint has no T5 encoder") }
        guard shape.encoderLayers > 0, settings.objective != .causalLM else {
            throw .model(path: path, reason: "a decoder-only causal LM has no encoder to put a classification head on")
        }
        var random = SeededGenerator(seed: seed, stream: 0)
        return try load(T5EncoderClassifier<Float>(shape: shape, classes: classes, generator: &random), prefix: "")
    }

    /// `model` with every tensor but the head's (`classifier.…`) replaced by the checkpoint's
    /// `prefix + name`.
    func load<M: Parameterized>(_ model: M, prefix: String) throws(FinetuneError) -> M where M.Scalar == Float {
        var model = model
        var problem: String?
        model.visit { name, shape, tensor, _ in
            guard problem == nil, !name.hasPrefix("classifier.") else { return }
            guard let stored = tensors[prefix + name], stored.shape == shape, let values = try? stored.floats() else {
                problem = "tensor \(prefix + name) \(shape) is missing or has another shape or type"
                return
            }
            tensor = values
        }
        if let problem { throw .model(path: path, reason: problem) }
        return model
    }
}
