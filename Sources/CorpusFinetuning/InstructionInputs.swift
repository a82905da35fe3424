import Foundation
import Yams

/// A labeled TSV file rendered into instructions through a template family: `corpus instruct
/// --task-file` and the files of an `instruct` pipeline stage.
public struct InstructionTaskFile: Sendable, Equatable {
    /// The TSV file.
    public var path: String
    /// Its columns and header.
    public var layout: TSVLayout
    /// The name of the template family its rows are rendered with.
    public var family: String
    /// The task's name, written into each example's `task` (default: the file's name without
    /// its extension).
    public var name: String
    /// Use only the first this many usable rows (nil: all), to size a run for a CPU.
    public var maximumExamples: Int?

    /// A task file; `name` nil names the task after the file.
    public init(path: String, layout: TSVLayout, family: String, name: String? = nil, maximumExamples: Int? = nil) {
        self.path = path
        self.layout = layout
        self.family = family
        self.name = name ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        self.maximumExamples = maximumExamples
    }
}

/// Everything an instruction tuning run reads besides the model: the training mixture (JSONL
/// files and templated TSV files), the held-out task, the template families and the option
/// words. `corpus instruct` and the pipeline's `instruct` stage both read their data through it.
public struct InstructionInputs: Sendable, Equatable {
    /// Where the held-out task comes from.
    public enum Heldout: Sendable, Equatable {
        /// A JSONL file whose lines carry `options`.
        case jsonl(String)
        /// A labeled TSV file rendered like the task files.
        case tsv(InstructionTaskFile)

        /// The file.
        public var path: String {
            switch self {
            case .jsonl(let path): path
            case .tsv(let file): file.path
            }
        }
    }

    /// Instruction JSONL files of the mixture (`{"inputs", "targets"}` per line).
    public var train: [String]
    /// Labeled TSV files of the mixture.
    public var taskFiles: [InstructionTaskFile]
    /// The held-out task.
    public var heldout: Heldout
    /// Template families by name (`TemplateFamilies.all`, plus any read from a file).
    public var families: [String: TemplateFamily]
    /// Label → option words for rendered tasks, over the families' own.
    public var verbalizer: [String: String]

    /// The inputs of a run.
    public init(train: [String], taskFiles: [InstructionTaskFile], heldout: Heldout, families: [String: TemplateFamily] = TemplateFamilies.all,
                verbalizer: [String: String] = [:]) {
        self.train = train
        self.taskFiles = taskFiles
        self.heldout = heldout
        self.families = families
        self.verbalizer = verbalizer
    }

    /// The reasons these inputs cannot make a run, empty when they can (no file is read).
    public func problems() -> [String] {
        var problems: [String] = []
        if train.isEmpty && taskFiles.isEmpty { problems.append("the training mixture is empty: give instruction JSONL files or labeled TSV task files") }
        var files = taskFiles
        if case .tsv(let file) = heldout { files.append(file) }
        for file in files {
            if families[file.family] == nil {
                problems.append("template family \(file.family) (for \(file.path)) is unknown; use one of \(families.keys.sorted().joined(separator: ", "))")
            }
            problems += file.layout.problems().map { "\(file.path): \($0)" }
        }
        return problems
    }

    /// Reads the files: the mixture and the held-out task, TSV rows rendered with templates
    /// drawn under `seed`.
    public func read(seed: UInt64) throws(FinetuneError) -> (mixture: InstructionSet, heldout: InstructionSet) {
        let problems = problems()
        guard problems.isEmpty else { throw .invalidSettings(problems) }
        func task(_ file: InstructionTaskFile) -> TemplatedTask {
            TemplatedTask(name: file.name, family: families[file.family] ?? TemplateFamilies.generic, verbalizer: verbalizer)
        }
        func add(_ file: InstructionTaskFile, to set: inout InstructionSet) throws(FinetuneError) {
            var one = InstructionSet()
            try one.add(tsv: file.path, layout: file.layout, task: task(file), seed: seed)
            if let limit = file.maximumExamples, one.examples.count > limit {
                one.examples.removeLast(one.examples.count - limit)
                one.sources[0].examples = limit
            }
            set.examples += one.examples
            set.sources += one.sources
        }
        var mixture = InstructionSet(), held = InstructionSet()
        for path in train { mixture.add(try InstructionFile(path: path)) }
        for file in taskFiles { try add(file, to: &mixture) }
        switch heldout {
        case .jsonl(let path): held.add(try InstructionFile(path: path, requireOptions: true))
        case .tsv(let file): try add(file, to: &held)
        }
        return (mixture, held)
    }
}

extension TemplateFamilies {
    /// The shipped families with those of the YAML file at `path` (a list of `{name, templates:
    /// [{inputs, targets}], verbalizer}`) added, replacing any of the same name; the shipped
    /// ones alone when `path` is nil.
    public static func including(file path: String?) throws(FinetuneError) -> [String: TemplateFamily] {
        var families = all
        guard let path else { return families }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw .missing(path: path, what: "templates file") }
        let read: [TemplateFamily]
        do { read = try YAMLDecoder().decode([TemplateFamily].self, from: text) } catch {
            throw .data(path: path, reason: "not a list of template families ({name, templates: [{inputs, targets}], verbalizer}): \(error)")
        }
        for family in read {
            let problems = family.problems()
            guard problems.isEmpty else { throw .data(path: path, reason: problems.joined(separator: "; ")) }
            families[family.name] = family
        }
        return families
    }
}
