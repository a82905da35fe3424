import Foundation

/// Where some instruction examples came from, for the results file.
public struct InstructionSource: Codable, Sendable, Equatable {
    /// The file, examples used, lines or rows skipped.
    public var path: String, examples: Int, skipped: Int
    /// The template family they were rendered with, for a labeled file.
    public var family: String?

    /// A source.
    public init(path: String, examples: Int, skipped: Int, family: String? = nil) {
        self.path = path
        self.examples = examples
        self.skipped = skipped
        self.family = family
    }
}

/// Instruction examples gathered from JSONL files and labeled files rendered through templates:
/// a training mixture, or a held-out task.
public struct InstructionSet: Sendable, Equatable {
    /// The examples, file by file in the order added.
    public var examples: [InstructionExample]
    /// Where they came from.
    public var sources: [InstructionSource]

    /// An empty set.
    public init() {
        examples = []
        sources = []
    }

    /// The examples of an instruction JSONL file.
    public mutating func add(_ file: InstructionFile) {
        examples += file.examples
        sources.append(InstructionSource(path: file.path, examples: file.examples.count, skipped: file.skipped))
    }

    /// The examples of a labeled TSV file rendered through `task`'s templates, template choice
    /// drawn under `seed`. The options are the file's labels (`LabeledFile.labelOrder`), unless
    /// `labels` names them (a held-out file then skips rows with other labels).
    public mutating func add(tsv path: String, layout: TSVLayout, task: TemplatedTask, seed: UInt64,
                             labels: [String]? = nil) throws(FinetuneError) {
        let problems = layout.problems()
        guard problems.isEmpty else { throw .invalidSettings(problems) }
        let file = try LabeledFile(path: path, layout: layout, knownLabels: Set(labels ?? []), labels: labels.map(Set.init))
        guard !file.examples.isEmpty else {
            throw .data(path: path, reason: "no usable rows (\(file.skipped) skipped"
                + (file.problems.first.map { "; first: line \($0.line): \($0.reason)" } ?? "") + ")")
        }
        let order = labels ?? LabeledFile.labelOrder(file.examples.map(\.label))
        guard order.count >= 2 else {
            throw .data(path: path, reason: "every row has the label \(order[0]); a task needs at least two (is the label column \(layout.labelColumn) right?)")
        }
        examples += try task.render(file.examples, labels: order, seed: seed)
        sources.append(InstructionSource(path: path, examples: file.examples.count, skipped: file.skipped, family: task.family.name))
    }

    /// How many examples each task has (`(untagged)` for examples without a task).
    public var taskCounts: [String: Int] {
        examples.reduce(into: [:]) { $0[$1.task ?? "(untagged)", default: 0] += 1 }
    }

    /// The task names present.
    public var tasks: Set<String> { Set(examples.compactMap(\.task)) }
}
