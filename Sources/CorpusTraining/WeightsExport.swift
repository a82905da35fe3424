import CorpusModels
import CorpusTensors
import Foundation

/// Writes models that have no HuggingFace class as weights plus their sizes: `model.safetensors`
/// (tensor names as in checkpoints) and `config.json`.
public enum WeightsExport {
    /// The decoder-only causal LM (dense or sparse): T5's decoder names, and its `T5Shape` as
    /// `config.json`.
    public static func decoderLanguageModel(_ model: DecoderLanguageModel<Float>, to directory: String) throws {
        try write(model, shape: model.shape, architecture: "corpus-decoder-lm", to: directory)
    }

    /// A sparse (Switch) T5 encoder-decoder: T5's names, Switch Transformers' under each sparse
    /// block's `mlp.` (`router.classifier.weight`, `experts.expert_{i}.wi.weight`, …), and its
    /// `T5Shape` (with the Switch settings) as `config.json`. HuggingFace's
    /// `SwitchTransformersForConditionalGeneration` caps each expert at a fixed number of tokens
    /// rather than a capacity factor, so it would not compute what this model computes.
    public static func switchTransformer(_ model: T5Model<Float>, to directory: String) throws {
        try write(model, shape: model.shape, architecture: "corpus-switch-t5", to: directory)
    }

    /// `model.safetensors` with the checkpoint names and `config.json`.
    static func write<M: Parameterized>(_ model: M, shape: T5Shape, architecture: String, to directory: String) throws where M.Scalar == Float {
        var copy = model
        var tensors: [String: SafeTensor] = [:]
        copy.visit { name, shape, tensor, _ in tensors[name] = SafeTensor(tensor, shape: shape) }
        let path = directory + "/config.json"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let config = Configuration(architecture: architecture, shape: shape)
            try encoder.encode(config).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw PretrainingError.io(path: path, reason: error.localizedDescription)
        }
        try SafeTensorsFile(tensors: tensors, metadata: ["format": "pt", "architecture": architecture])
            .write(path: directory + "/model.safetensors")
    }

    /// What `config.json` holds.
    struct Configuration: Encodable {
        let architecture: String
        let shape: T5Shape
    }
}
