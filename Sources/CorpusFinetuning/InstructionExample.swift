import Foundation

/// One text-to-text example, Flan-style: what the encoder reads (`inputs`, the instruction with
/// its text and, for a classification task, an `OPTIONS:` list) and what the decoder must write.
public struct InstructionExample: Codable, Sendable, Equatable, Hashable {
    /// The instruction the model reads.
    public var inputs: String
    /// The answer it must write.
    public var targets: String
    /// The task it came from (for mixtures and reports), if known.
    public var task: String?
    /// The answer options of a classification task, in the order the `OPTIONS:` list shows
    /// them; `targets` is one of them. Rank classification scores each.
    public var options: [String]?

    /// An example.
    public init(inputs: String, targets: String, task: String? = nil, options: [String]? = nil) {
        self.inputs = inputs
        self.targets = targets
        self.task = task
        self.options = options
    }

    /// The position of `targets` in `options`, nil without options or when it is not one.
    public var answerIndex: Int? { options?.firstIndex(of: targets) }
}

/// The examples of one instruction JSONL file (`{"inputs": …, "targets": …}` per line, with
/// optional `task` and `options`), with the lines that could not be read.
public struct InstructionFile: Sendable {
    /// The file.
    public var path: String
    /// The examples in file order, and the 1-based line of each.
    public var examples: [InstructionExample], lines: [Int]
    /// Lines skipped (blank lines are not counted), and the first `LabeledFile.problemLimit` of
    /// them with reasons.
    public var skipped: Int, problems: [RowProblem]

    /// Reads `path`. A line that is not a JSON object, lacks a string `inputs` or `targets`, has
    /// an empty one, has `options` that are not a list of at least two distinct strings, or
    /// whose `targets` is not among its `options` is skipped and counted (other keys are
    /// ignored, as Flan's files carry template ids and the like). With `requireOptions`, lines
    /// without options are skipped too (rank classification needs them). A missing or
    /// unreadable file, or one without a usable line, is an error.
    public init(path: String, requireOptions: Bool = false) throws(FinetuneError) {
        guard FileManager.default.fileExists(atPath: path) else { throw .missing(path: path, what: "instruction JSONL file") }
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path, reason: "permission denied or not a file") }
        self.path = path
        var examples: [InstructionExample] = [], lines: [Int] = [], problems: [RowProblem] = [], skipped = 0
        for (index, raw) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            var bytes = raw
            if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
            if bytes.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
            switch Self.parse(Data(bytes), requireOptions: requireOptions) {
            case .success(let example):
                examples.append(example)
                lines.append(index + 1)
            case .failure(let problem):
                skipped += 1
                if problems.count < LabeledFile.problemLimit { problems.append(RowProblem(path: path, line: index + 1, reason: problem.reason)) }
            }
        }
        guard !examples.isEmpty else {
            throw .data(path: path, reason: "no usable lines (\(skipped) skipped"
                + (problems.first.map { "; first: line \($0.line): \($0.reason)" } ?? "") + ")"
                + (requireOptions ? "; rank classification needs an options list on every line" : ""))
        }
        self.examples = examples
        self.lines = lines
        self.skipped = skipped
        self.problems = problems
    }

    /// Why a line was skipped.
    struct LineProblem: Error {
        var reason: String
    }

    /// One line as an example, or why it is not one.
    static func parse(_ line: Data, requireOptions: Bool) -> Result<InstructionExample, LineProblem> {
        guard let value = try? JSONSerialization.jsonObject(with: line, options: [.fragmentsAllowed]) else {
            return .failure(LineProblem(reason: "not valid JSON"))
        }
        guard let object = value as? [String: Any] else { return .failure(LineProblem(reason: "not a JSON object")) }
        var fields: [String: String] = [:]
        for key in ["inputs", "targets"] {
            guard let field = object[key] else {
                return .failure(LineProblem(reason: "no \"\(key)\" (each line needs \"inputs\" and \"targets\" strings)"))
            }
            guard let text = field as? String else { return .failure(LineProblem(reason: "\"\(key)\" is not a string")) }
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                return .failure(LineProblem(reason: "\"\(key)\" is empty"))
            }
            fields[key] = text
        }
        var task: String?
        if let field = object["task"], !(field is NSNull) {
            guard let text = field as? String else { return .failure(LineProblem(reason: "\"task\" is not a string")) }
            task = text
        }
        var options: [String]?
        if let field = object["options"], !(field is NSNull) {
            guard let list = field as? [Any], let strings = list as? [String] else {
                return .failure(LineProblem(reason: "\"options\" is not a list of strings"))
            }
            guard strings.count >= 2, Set(strings).count == strings.count else {
                return .failure(LineProblem(reason: "\"options\" needs at least two distinct strings (got \(strings.count))"))
            }
            guard strings.contains(fields["targets"]!) else {
                return .failure(LineProblem(reason: "\"targets\" is not one of the \"options\""))
            }
            options = strings
        } else if requireOptions {
            return .failure(LineProblem(reason: "no \"options\" to rank"))
        }
        return .success(InstructionExample(inputs: fields["inputs"]!, targets: fields["targets"]!, task: task, options: options))
    }

    /// `examples` as JSONL, one object per line with sorted keys (what `init(path:)` reads back).
    public static func jsonl(_ examples: [InstructionExample]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out = Data()
        for example in examples {
            out.append(try encoder.encode(example))
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }
}
