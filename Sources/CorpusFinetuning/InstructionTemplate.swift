import CorpusTraining

/// One way to phrase a labeled example as an instruction, in the style of Flan's templates:
/// `inputs` and `targets` are texts with placeholders in braces.
///
/// Placeholders: `{text}` (the example's text), `{text2}` (a pair's second text), `{options}`
/// (Flan's list: `OPTIONS:` then one `- option` line per answer), `{options_inline}` (the
/// options joined with ", " and a final " or "), `{answer}` (the verbalized label). `{{` and
/// `}}` write a brace.
public struct InstructionTemplate: Codable, Sendable, Equatable, Hashable {
    /// The encoder's side, e.g. `"{text}\n\nIs this review positive or negative?\n\n{options}"`.
    public var inputs: String
    /// The decoder's side; Flan's classification templates write just `{answer}`.
    public var targets: String

    /// A template; `targets` defaults to `{answer}`.
    public init(_ inputs: String, targets: String = "{answer}") {
        self.inputs = inputs
        self.targets = targets
    }

    /// Reads `inputs`, and `targets` when present (default `{answer}`).
    public init(from decoder: Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        inputs = try values.decode(String.self, forKey: .inputs)
        targets = try values.decodeIfPresent(String.self, forKey: .targets) ?? "{answer}"
    }

    enum CodingKeys: String, CodingKey {
        case inputs, targets
    }

    /// The placeholders a template may use.
    public static let placeholders: Set<String> = ["text", "text2", "options", "options_inline", "answer"]

    /// The reasons this template cannot render, empty when it can.
    public func problems() -> [String] {
        var problems: [String] = []
        for (side, text) in [("inputs", inputs), ("targets", targets)] {
            switch Self.fill(text, { _ in "" }) {
            case .failure(let problem): problems.append("\(side) \"\(text)\": \(problem.reason)")
            case .success:
                let names = Self.names(in: text)
                if let unknown = names.first(where: { !Self.placeholders.contains($0) }) {
                    problems.append("\(side) \"\(text)\": unknown placeholder {\(unknown)} (known: \(Self.placeholders.sorted().joined(separator: ", ")))")
                }
            }
        }
        if !Self.names(in: inputs).contains("text") { problems.append("inputs \"\(inputs)\" never shows the example's {text}") }
        if !Self.names(in: targets).contains("answer") { problems.append("targets \"\(targets)\" never writes the {answer}") }
        if Self.names(in: inputs).contains("answer") { problems.append("inputs \"\(inputs)\" gives the {answer} away") }
        return problems
    }

    /// Flan's options block: `OPTIONS:` and a `- option` line for each.
    public static func optionsBlock(_ options: [String]) -> String {
        (["OPTIONS:"] + options.map { "- " + $0 }).joined(separator: "\n")
    }

    /// `a, b or c` (`a or b` for two).
    public static func inlineOptions(_ options: [String]) -> String {
        guard options.count > 1 else { return options.first ?? "" }
        return options.dropLast().joined(separator: ", ") + " or " + options.last!
    }

    /// The example rendered: inputs, targets and options. The template must have no problems.
    public func render(text: String, text2: String? = nil, options: [String], answer: String) -> (inputs: String, targets: String) {
        let values = ["text": text, "text2": text2 ?? "", "options": Self.optionsBlock(options),
                      "options_inline": Self.inlineOptions(options), "answer": answer]
        func fill(_ template: String) -> String {
            switch Self.fill(template, { values[$0] ?? "" }) {
            case .success(let filled): return filled
            case .failure(let problem): preconditionFailure("InstructionTemplate.render: \(problem.reason); check problems() first")
            }
        }
        return (fill(inputs), fill(targets))
    }

    struct Problem: Error {
        var reason: String
    }

    /// The placeholder names in `template`.
    static func names(in template: String) -> [String] {
        var names: [String] = []
        _ = fill(template) { name in names.append(name); return "" }
        return names
    }

    /// `template` with each `{name}` replaced by `value(name)` and `{{`, `}}` by braces.
    static func fill(_ template: String, _ value: (String) -> String) -> Result<String, Problem> {
        var out = "", index = template.startIndex
        while index < template.endIndex {
            let character = template[index]
            let next = template.index(after: index)
            if character == "{" {
                if next < template.endIndex, template[next] == "{" {
                    out.append("{")
                    index = template.index(after: next)
                    continue
                }
                guard let close = template[next...].firstIndex(of: "}") else { return .failure(Problem(reason: "a { is never closed")) }
                let name = String(template[next..<close])
                guard !name.isEmpty, !name.contains("{") else { return .failure(Problem(reason: "{\(name)} is not a placeholder")) }
                out += value(name)
                index = template.index(after: close)
            } else if character == "}" {
                guard next < template.endIndex, template[next] == "}" else { return .failure(Problem(reason: "a lone } (write }} for a brace)")) }
                out.append("}")
                index = template.index(after: next)
            } else {
                out.append(character)
                index = next
            }
        }
        return .success(out)
    }
}

/// Templates for one kind of task (sentiment, acceptability, …) and the option words its labels
/// usually get: how a labeled task becomes instructions.
public struct TemplateFamily: Codable, Sendable, Equatable {
    /// The family's name (`sentiment`, `language`, …).
    public var name: String
    /// The templates; each example gets one, drawn by seed.
    public var templates: [InstructionTemplate]
    /// Label (as written in the data) → option text, for labels the family knows; a label
    /// without an entry is its own option text.
    public var verbalizer: [String: String]

    /// A family.
    public init(name: String, templates: [InstructionTemplate], verbalizer: [String: String] = [:]) {
        self.name = name
        self.templates = templates
        self.verbalizer = verbalizer
    }

    /// Reads `name` and `templates`, and `verbalizer` when present.
    public init(from decoder: Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        name = try values.decode(String.self, forKey: .name)
        templates = try values.decode([InstructionTemplate].self, forKey: .templates)
        verbalizer = try values.decodeIfPresent([String: String].self, forKey: .verbalizer) ?? [:]
    }

    enum CodingKeys: String, CodingKey {
        case name, templates, verbalizer
    }

    /// The reasons this family cannot render, empty when it can.
    public func problems() -> [String] {
        var problems: [String] = []
        if templates.isEmpty { problems.append("family \(name) has no templates") }
        for (index, template) in templates.enumerated() {
            problems += template.problems().map { "family \(name), template \(index + 1): \($0)" }
        }
        return problems
    }

    /// The template example `index` gets under `seed`: drawn from
    /// `SeededGenerator(seed, stream: 5, index: index)`, so it depends on nothing else.
    public func templateIndex(example index: Int, seed: UInt64) -> Int {
        var random = SeededGenerator(seed: seed, stream: 5, index: UInt64(index))
        return Int(random.next() % UInt64(templates.count))
    }
}
