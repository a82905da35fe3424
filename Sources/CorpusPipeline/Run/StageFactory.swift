import CorpusDedup
import CorpusFilters
import CorpusNormalize
import CorpusTokenizer
import Foundation

/// Where a pipeline finds what its config names besides inputs: the shipped rule data.
public struct PipelineEnvironment: Sendable {
    /// The `Filters/` folder (presets, word lists, the Punkt model), when found.
    public var filtersDirectory: String?

    /// An environment with the rule data at `filtersDirectory`.
    public init(filtersDirectory: String?) { self.filtersDirectory = filtersDirectory }
}

extension StageSettings {
    /// The stage, with everything it needs checked (input paths exist, the preset loads, the
    /// dedup methods and tokenizer settings are possible), before any input is read.
    /// `config` gives the config's folder, against which relative paths resolve.
    func makeStage(_ stage: StageConfig, config: PipelineConfig, environment: PipelineEnvironment) throws(ConfigProblem) -> any PipelineStage {
        switch self {
        case .read(let settings):
            return try ReadStage(settings: settings, stage: stage, directory: config.directory)
        case .normalize(let settings):
            let form = NormalizationForm(rawValue: settings.form) ?? .nfc
            return CleanStage(chain: FilterChain(normalizer: TextNormalizer(form: form), filters: []), identity: [])
        case .clean(let settings):
            return try makeClean(settings, stage: stage, config: config, environment: environment)
        case .dedup(let settings):
            do {
                let methods = try settings.methods.map { (name) throws(DedupError) in
                    try (DedupMethodName(rawValue: name) ?? .exact).make(settings.methodOptions(filtersDirectory: environment.filtersDirectory))
                }
                return DedupStage(settings: settings, methods: methods)
            } catch {
                throw ConfigProblem(line: stage.line(of: "methods"), message: "stage \"\(stage.name)\": methods: \(error)")
            }
        case .tokenizer(let settings):
            do {
                return TokenizerStage(settings: settings, trainer: try TokenizerTrainer(config: settings.training))
            } catch {
                throw ConfigProblem(line: stage.line, message: "stage \"\(stage.name)\": \(error)")
            }
        case .shard(let settings):
            return ShardStage(settings: settings)
        case .pretrain(let config):
            return PretrainStage(config: config)
        case .finetune(let settings):
            if let model = stage.input.flatMap(config.stage(named:)), case .pretrain(let pretrain) = model.settings,
               let shape = pretrain.settings.model.electra, settings.settings.maximumLength > shape.maximumLength {
                throw ConfigProblem(line: stage.line(of: "max_length"), message: "stage \"\(stage.name)\": max_length: "
                    + "\(settings.settings.maximumLength) exceeds the position table of stage \"\(model.name)\" (maximum_length \(shape.maximumLength))")
            }
            return try FinetuneStage(settings: settings, stage: stage, directory: config.directory)
        case .instruct(let settings):
            return try InstructStage(settings: settings, stage: stage, directory: config.directory)
        }
    }

    private func makeClean(_ settings: CleanSettings, stage: StageConfig, config: PipelineConfig,
                           environment: PipelineEnvironment) throws(ConfigProblem) -> any PipelineStage {
        let preset = settings.preset
        let isFile = preset.hasSuffix(".yaml") || preset.hasSuffix(".yml") || preset.contains("/")
        let path: String
        if isFile {
            path = preset.hasPrefix("/") || config.directory.isEmpty ? preset : config.directory + "/" + preset
        } else {
            guard let filters = environment.filtersDirectory else {
                throw ConfigProblem(line: stage.line(of: "preset"), message: "stage \"\(stage.name)\": preset: cannot find the Filters "
                    + "folder for \"\(preset)\"; pass --filters-dir or set CORPUS_FILTERS")
            }
            path = filters + "/presets/" + preset + ".yaml"
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConfigProblem(line: stage.line(of: "preset"), message: "stage \"\(stage.name)\": preset: \"\(preset)\" is not a shipped "
                + "preset (c4, gopher, fineweb) or an existing file (\(path))")
        }
        do {
            let chain = try Preset(path: path).makeChain(filtersDirectory: environment.filtersDirectory ?? (path as NSString).deletingLastPathComponent)
            return CleanStage(chain: chain, identity: [Fingerprint.fileContent(path)])
        } catch {
            throw ConfigProblem(line: stage.line(of: "preset"), message: "stage \"\(stage.name)\": preset: \(error)")
        }
    }
}
