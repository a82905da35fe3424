import CorpusFinetuning
import Foundation
import Yams

/// `type: instruct`: Flan-style instruction tuning of a T5 pretrain stage (`model: STAGE`) with
/// the data and settings of `corpus instruct`: a mixture of instruction JSONL files and labeled
/// TSV files rendered through template families, a held-out task scored by rank
/// classification before and after tuning, the loss on target tokens only.
///
/// ```yaml
/// - type: instruct
///   model: pretrain
///   task_files:
///     - {path: ../../shared/data/labeled/SST-2/train.tsv, layout: sst2, family: sentiment, name: sst2}
///   heldout: {path: ../../shared/data/labeled/CoLA/dev.tsv, layout: cola, family: acceptability, name: cola}
///   epochs: 3
/// ```
public struct InstructStageSettings: Codable, Sendable, Equatable {
    /// Instruction JSONL files of the mixture, as written (relative to the config's folder).
    public var train: [String]
    /// Labeled TSV files of the mixture.
    public var taskFiles: [InstructFileSpec]
    /// The held-out task: a JSONL file with options on every line, or a TSV file.
    public var heldout: InstructFileSpec
    /// A YAML file of more template families, as written; nil for the shipped ones only.
    public var templates: String?
    /// Label → option words for rendered tasks, over the families' own.
    public var verbalizer: [String: String]
    /// Learning rate, schedule, batch, epochs, lengths, seed, ... (`corpus instruct`'s keys).
    public var settings: InstructionSettings
    /// Line of `templates`, for the message when the file is missing or wrong.
    public var templatesLine = 0

    init(_ m: inout ConfigMapping, seed: UInt64) throws(ConfigProblem) {
        var s = InstructionSettings()
        s.learningRate = try m.double("learning_rate", default: s.learningRate, in: 1e-12...10)
        s.schedule = InstructionSettings.Schedule(rawValue: try m.choice("schedule", InstructionSettings.Schedule.allCases.map(\.rawValue),
                                                                         default: s.schedule.rawValue)) ?? s.schedule
        s.warmupSteps = try m.int("warmup_steps", default: s.warmupSteps, in: 0...Int.max)
        s.batchSize = try m.int("batch_size", default: s.batchSize, in: 1...65_536)
        s.epochs = try m.int("epochs", default: s.epochs, in: 1...10_000)
        s.maximumInputLength = try m.int("max_input_length", default: s.maximumInputLength, in: 2...1_048_576)
        s.maximumTargetLength = try m.int("max_target_length", default: s.maximumTargetLength, in: 2...1_048_576)
        s.weightDecay = try m.double("weight_decay", default: s.weightDecay, in: 0...1)
        s.dropout = try m.double("dropout", default: s.dropout, in: 0...0.99)
        s.clipNorm = try m.double("clip_norm", default: s.clipNorm, in: 1e-9...1e9)
        s.adamEpsilon = try m.double("adam_epsilon", default: s.adamEpsilon, in: 1e-20...1)
        s.scoring = InstructionSettings.Scoring(rawValue: try m.choice("scoring", InstructionSettings.Scoring.allCases.map(\.rawValue),
                                                                       default: s.scoring.rawValue)) ?? s.scoring
        s.seed = try m.uint64("seed", default: seed)
        let problems = s.problems()
        guard problems.isEmpty else { throw ConfigProblem(line: m.line, message: "\(m.context): " + problems.joined(separator: "; ")) }
        settings = s
        let layout = try m.choice("layout", TSVLayout.presets.keys.sorted(), default: "standard")
        let family = try m.string("family", default: "generic")
        let heldoutFamily = try m.string("heldout_family") ?? family
        train = try m.strings("train") ?? []
        var files: [InstructFileSpec] = []
        if let node = m.node("task_files") {
            guard let list = node.sequence else { throw m.problem("task_files", "expected a list of TSV files or {path, layout, family, name, examples}") }
            for item in list {
                files.append(try InstructFileSpec(item, context: "\(m.context): task file \(files.count + 1)", layout: layout, family: family))
            }
        }
        taskFiles = files
        guard !train.isEmpty || !taskFiles.isEmpty else {
            throw ConfigProblem(line: m.line, message: "\(m.context): the training mixture is empty; give `train:` (instruction JSONL files) "
                + "or `task_files:` (labeled TSV files rendered through templates), relative to the config's folder")
        }
        guard let held = m.node("heldout") else {
            throw ConfigProblem(line: m.line, message: "\(m.context): needs `heldout:`, the task scored before and after tuning "
                + "(a JSONL file with options on every line, or a labeled TSV file)")
        }
        heldout = try InstructFileSpec(held, context: "\(m.context): heldout", layout: layout, family: heldoutFamily)
        let names = taskFiles.map(\.name)
        if heldout.isTSV, names.contains(heldout.name) {
            throw m.problem("heldout", "its task name \"\(heldout.name)\" is also a task of the mixture; give it another `name:` "
                + "(or hold out a task the model is not tuned on)")
        }
        templates = try m.string("templates")
        templatesLine = m.line(of: "templates")
        var words: [String: String] = [:]
        if let node = m.node("verbalizer") {
            guard let mapping = node.mapping else { throw m.problem("verbalizer", "expected a mapping of label: option words, e.g. {0: negative, 1: positive}") }
            for (key, value) in mapping {
                guard let label = key.scalar?.string, let text = value.scalar?.string, !text.isEmpty else {
                    throw m.problem("verbalizer", "expected a mapping of label: option words, e.g. {0: negative, 1: positive}")
                }
                words[label] = text
            }
        }
        verbalizer = words
    }

    private enum CodingKeys: String, CodingKey { case train, taskFiles = "task_files", heldout, templates, verbalizer, settings }
}

/// A file of an instruct stage: a labeled TSV file with its layout, template family and task
/// name, or (for `heldout` only) an instruction JSONL file. Written as a path, or as
/// `{path, layout, family, name, examples}`.
public struct InstructFileSpec: Codable, Sendable, Equatable {
    /// The file as written: relative to the config's folder, or absolute.
    public var path: String
    /// The columns and header of a TSV file.
    public var layout: TSVLayout
    /// The template family's name (checked when the stage is prepared, with the templates file read).
    public var family: String
    /// The task's name (default: the file's name without its extension).
    public var name: String
    /// Use only the first this many usable rows (nil: all), to size a run for a CPU.
    public var examples: Int?
    /// Lines of the path and of the family, for messages.
    public var line = 0, familyLine = 0

    /// Whether the file is a labeled TSV file (by its extension); otherwise instruction JSONL.
    public var isTSV: Bool { path.hasSuffix(".tsv") }

    init(_ node: Node, context: String, layout: String, family: String) throws(ConfigProblem) {
        if let scalar = node.scalar {
            path = scalar.string
            self.layout = TSVLayout.presets[layout] ?? .standard
            self.family = family
            name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            line = node.mark?.line ?? 0
            familyLine = line
            return
        }
        var m = try ConfigMapping(node, context: context)
        guard let path = try m.string("path"), !path.isEmpty else {
            throw ConfigProblem(line: m.line, message: "\(context): needs `path:` (a file, relative to the config's folder)")
        }
        self.path = path
        line = m.line(of: "path")
        self.layout = TSVLayout.presets[try m.choice("layout", TSVLayout.presets.keys.sorted(), default: layout)] ?? .standard
        self.family = try m.string("family", default: family)
        familyLine = m.line(of: "family")
        name = try m.string("name") ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        examples = try m.int("examples").map { (count) throws(ConfigProblem) in
            guard count >= 2 else { throw m.problem("examples", "\(count) is out of range; use at least 2 (or leave it out for all rows)") }
            return count
        }
        try m.finish()
    }

    private enum CodingKeys: String, CodingKey { case path, layout, family, name, examples }
}
