import CorpusFinetuning
import Foundation

/// `type: finetune`: fine-tunes the encoder of a pretrain stage (`model: STAGE`) on labeled
/// TSV tasks, each over seeds 1…`seeds`, with the settings of `corpus finetune`.
///
/// ```yaml
/// - type: finetune
///   model: pretrain-rtd
///   seeds: 5
///   epochs: 3
///   tasks:
///     - {name: sst2, layout: sst2, train: ../../shared/data/labeled/SST-2/train.tsv, dev: ../../shared/data/labeled/SST-2/dev.tsv}
///     - {name: cola, layout: cola, train: ../../shared/data/labeled/CoLA/train.tsv, dev: ../../shared/data/labeled/CoLA/dev.tsv}
/// ```
public struct FinetuneStageSettings: Codable, Sendable, Equatable {
    /// The tasks, in order.
    public var tasks: [FinetuneTaskSpec]
    /// Learning rate, batch, epochs, seeds, ... (ELECTRA's fine-tuning defaults, 5 seeds).
    public var settings: FinetuneSettings

    init(_ m: inout ConfigMapping) throws(ConfigProblem) {
        var s = FinetuneSettings()
        s.seeds = try m.int("seeds", default: 5, in: 1...1000)
        s.learningRate = try m.double("learning_rate", default: s.learningRate, in: 1e-12...10)
        s.batchSize = try m.int("batch_size", default: s.batchSize, in: 1...65_536)
        s.epochs = try m.int("epochs", default: s.epochs, in: 1...10_000)
        s.maximumLength = try m.int("max_length", default: s.maximumLength, in: 4...1_048_576)
        s.weightDecay = try m.double("weight_decay", default: s.weightDecay, in: 0...1)
        s.warmupFraction = try m.double("warmup_fraction", default: s.warmupFraction, in: 0...0.999)
        s.layerDecay = try m.double("layer_decay", default: s.layerDecay, in: 1e-6...1)
        s.dropout = try m.double("dropout", default: s.dropout, in: 0...0.99)
        s.clipNorm = try m.double("clip_norm", default: s.clipNorm, in: 1e-9...1e9)
        s.adamEpsilon = try m.double("adam_epsilon", default: s.adamEpsilon, in: 1e-20...1)
        let problems = s.problems()
        guard problems.isEmpty else { throw ConfigProblem(line: m.line, message: "\(m.context): " + problems.joined(separator: "; ")) }
        settings = s
        guard let list = m.node("tasks")?.sequence, !list.isEmpty else {
            throw ConfigProblem(line: m.line(of: "tasks"), message: "\(m.context): needs `tasks:`, a list of {name, train, dev, layout}")
        }
        var tasks: [FinetuneTaskSpec] = []
        for node in list {
            var t = try ConfigMapping(node, context: "\(m.context): task \(tasks.count + 1)")
            let task = try FinetuneTaskSpec(&t)
            try t.finish()
            guard !tasks.contains(where: { $0.name == task.name }) else {
                throw t.problem("name", "two tasks are named \"\(task.name)\"; names must differ (they name folders)")
            }
            tasks.append(task)
        }
        self.tasks = tasks
    }
}

/// One labeled task of a finetune stage: where its files are and how they are laid out.
public struct FinetuneTaskSpec: Codable, Sendable, Equatable {
    /// Names the task's folder and its row in the report (`sst2`, `cola`).
    public var name: String
    /// The train and dev files as written: relative to the config's folder, or absolute.
    public var train: String, dev: String
    /// The columns and header (a preset's, changed by the keys given).
    public var layout: TSVLayout
    /// The figure the report ranks models by: `accuracy` or `mcc` (GLUE's: MCC for CoLA).
    public var metric: String
    /// Train on only the first this many usable rows (nil: all), to size a run for a CPU.
    public var trainExamples: Int?
    /// Lines of the `train` and `dev` values, for the message when a file is missing.
    public var trainLine = 0, devLine = 0

    /// The figure names a task may rank by.
    public static let metrics = ["accuracy", "mcc"]

    init(_ t: inout ConfigMapping) throws(ConfigProblem) {
        guard let name = try t.string("name") else { throw ConfigProblem(line: t.line, message: "\(t.context): needs `name:` (it names the task's folder)") }
        guard PipelineConfig.isSafeName(name) else { throw t.problem("name", "\"\(name)\" must be letters, digits, `-`, `_` or `.`, as it names a folder") }
        self.name = name
        guard let train = try t.string("train"), let dev = try t.string("dev") else {
            throw ConfigProblem(line: t.line, message: "\(t.context) (\(name)): needs `train:` and `dev:` (TSV files, relative to the config's folder)")
        }
        self.train = train
        self.dev = dev
        trainLine = t.line(of: "train")
        devLine = t.line(of: "dev")
        let presetName = try t.choice("layout", TSVLayout.presets.keys.sorted(), default: "standard")
        var layout = TSVLayout.presets[presetName] ?? .standard
        if let columns = try t.strings("text_columns") { layout.textColumns = columns.map(ColumnReference.init(parsing:)) }
        if let label = try t.string("label_column") { layout.labelColumn = ColumnReference(parsing: label) }
        if let header = try t.string("header") {
            guard let value = TSVLayout.Header(rawValue: header) else {
                throw t.problem("header", "\"\(header)\" is not one of \(TSVLayout.Header.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            layout.header = value
        }
        layout.pair = try t.bool("pair", default: layout.pair)
        let problems = layout.problems()
        guard problems.isEmpty else { throw ConfigProblem(line: t.line, message: "\(t.context) (\(name)): " + problems.joined(separator: "; ")) }
        self.layout = layout
        metric = try t.choice("metric", Self.metrics, default: presetName == "cola" ? "mcc" : "accuracy")
        trainExamples = try t.int("train_examples").map { (count) throws(ConfigProblem) in
            guard count >= 2 else { throw t.problem("train_examples", "\(count) is out of range; use at least 2 (or leave it out for all rows)") }
            return count
        }
    }

    /// `path` as written, resolved against the config's folder `directory`.
    static func resolve(_ path: String, in directory: String) -> String {
        path.hasPrefix("/") || directory.isEmpty ? path : directory + "/" + path
    }

    private enum CodingKeys: String, CodingKey { case name, train, dev, layout, metric, trainExamples = "train_examples" }
}
