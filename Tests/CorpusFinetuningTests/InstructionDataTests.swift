import CorpusFinetuning
import CorpusTestSupport
import Foundation
import Testing

@Suite("Instruction data: JSONL files and Flan-style templates")
struct InstructionDataTests {
    @Test("a sentiment template renders exactly, with Flan's OPTIONS list and the option text as target")
    func goldenSentiment() throws {
        let template = TemplateFamilies.sentiment.templates[0]
        let (inputs, targets) = template.render(text: "A gripping, funny film.", options: ["negative", "positive"], answer: "positive")
        #expect(inputs == "A gripping, funny film.\n\nIs the sentiment of this review positive or negative?\n\nOPTIONS:\n- negative\n- positive")
        #expect(targets == "positive")
        let inline = TemplateFamilies.sentiment.templates[3].render(text: "Dull.", options: ["negative", "positive"], answer: "negative")
        #expect(inline.inputs == "Dull.\n\nHow would the author describe their opinion: negative or positive?\n\nOPTIONS:\n- negative\n- positive")
        #expect(InstructionTemplate.inlineOptions(["a", "b", "c"]) == "a, b or c")
        let braces = InstructionTemplate("{{literal}} {text} }}", targets: "Answer: {answer}").render(text: "x", options: ["y", "z"], answer: "y")
        #expect(braces.inputs == "{literal} x }" && braces.targets == "Answer: y")
    }

    @Test("a labeled task renders through its family's verbalizer, a template drawn per example by seed, the same every time")
    func taskRendering() throws {
        let task = TemplatedTask(name: "sst2", family: TemplateFamilies.sentiment)
        let examples = (0..<24).map { LabeledExample(text: "review \($0)", label: $0 % 3 == 0 ? "1" : "0", line: $0 + 2) }
        let first = try task.render(examples, labels: ["0", "1"], seed: 1)
        #expect(first == (try task.render(examples, labels: ["0", "1"], seed: 1)))
        #expect(first[0] == InstructionExample(
            inputs: TemplateFamilies.sentiment.templates[TemplateFamilies.sentiment.templateIndex(example: 0, seed: 1)]
                .render(text: "review 0", options: ["negative", "positive"], answer: "positive").inputs,
            targets: "positive", task: "sst2", options: ["negative", "positive"]))
        #expect(first.allSatisfy { $0.options == ["negative", "positive"] && $0.answerIndex != nil && $0.inputs.hasSuffix("OPTIONS:\n- negative\n- positive") })
        #expect(first.map(\.targets) == examples.map { $0.label == "1" ? "positive" : "negative" })
        // Every template is used, and another seed draws other templates.
        let family = TemplateFamilies.sentiment
        for (index, example) in first.enumerated() {
            let template = family.templates[family.templateIndex(example: index, seed: 1)]
            #expect(example.inputs == template.render(text: "review \(index)", options: ["negative", "positive"], answer: example.targets).inputs)
        }
        #expect(Set((0..<24).map { family.templateIndex(example: $0, seed: 1) }).count == family.templates.count)
        #expect(try task.render(examples, labels: ["0", "1"], seed: 2).map(\.inputs) != first.map(\.inputs))
        // A verbalizer overrides the family's words; a pair's second text follows the first.
        let custom = TemplatedTask(name: "t", family: TemplateFamilies.generic, verbalizer: ["0": "no", "1": "yes"])
        let pair = try custom.render([LabeledExample(text: "a", second: "b", label: "1", line: 1)], labels: ["0", "1"], seed: 3)[0]
        #expect(pair.targets == "yes" && pair.options == ["no", "yes"] && pair.inputs.contains("a\nb"))
    }

    @Test("templates that cannot render and labels that collide are refused with what to fix")
    func templateProblems() throws {
        #expect(InstructionTemplate("{text} {colour}").problems().first?.contains("unknown placeholder {colour}") == true)
        #expect(InstructionTemplate("{text} {").problems().first?.contains("never closed") == true)
        #expect(InstructionTemplate("{text} }").problems().first?.contains("lone }") == true)
        #expect(InstructionTemplate("{text} is {answer}").problems().contains { $0.contains("gives the {answer} away") })
        #expect(InstructionTemplate("no text here").problems().contains { $0.contains("never shows the example's {text}") })
        #expect(TemplateFamilies.all.values.allSatisfy { $0.problems().isEmpty })
        let colliding = TemplatedTask(name: "zh", family: TemplateFamilies.language, verbalizer: ["zh-CN": "Chinese", "zh-TW": "Chinese"])
        #expect { try colliding.options(labels: ["zh-CN", "zh-TW"]) } throws: { "\($0)".contains("both become the option \"Chinese\"") }
    }

    @Test("instruction JSONL: bad lines are skipped and counted with their file and line, good ones kept in order")
    func jsonl() throws {
        let path = Fixtures.temporaryDirectory() + "/mix.jsonl"
        let lines = [
            #"{"inputs": "Translate: chat", "targets": "cat", "task": "translate", "_template": 3}"#,
            #"{"inputs": "broken"#,
            #"{"inputs": "no target"}"#,
            "",
            #"{"inputs": "Pick one", "targets": "maybe", "options": ["yes", "no"]}"#,
            #"[1, 2]"#,
            #"{"inputs": "Is it? OPTIONS: - yes - no", "targets": "no", "options": ["yes", "no"]}"#,
            #"{"inputs": " ", "targets": "x"}"#,
        ]
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let file = try InstructionFile(path: path)
        #expect(file.examples == [
            InstructionExample(inputs: "Translate: chat", targets: "cat", task: "translate"),
            InstructionExample(inputs: "Is it? OPTIONS: - yes - no", targets: "no", options: ["yes", "no"]),
        ])
        #expect(file.lines == [1, 7] && file.skipped == 5)
        #expect(file.problems.map(\.line) == [2, 3, 5, 6, 8])
        #expect(file.problems.map(\.description) == [
            "\(path):2: not valid JSON", "\(path):3: no \"targets\" (each line needs \"inputs\" and \"targets\" strings)",
            "\(path):5: \"targets\" is not one of the \"options\"", "\(path):6: not a JSON object", "\(path):8: \"inputs\" is empty",
        ])
        // Rank classification needs options: line 1 goes too.
        let ranked = try InstructionFile(path: path, requireOptions: true)
        #expect(ranked.lines == [7] && ranked.problems.first?.description == "\(path):1: no \"options\" to rank")
        // What jsonl writes, the reader reads back.
        let copy = Fixtures.temporaryDirectory() + "/copy.jsonl"
        try InstructionFile.jsonl(file.examples).write(to: URL(fileURLWithPath: copy))
        #expect(try InstructionFile(path: copy).examples == file.examples)
    }

    @Test("a missing instruction file, and one without a usable line, are errors naming the file and the first bad line")
    func jsonlErrors() throws {
        #expect(throws: FinetuneError.missing(path: "/nonexistent/mix.jsonl", what: "instruction JSONL file")) {
            try InstructionFile(path: "/nonexistent/mix.jsonl")
        }
        let path = Fixtures.temporaryDirectory() + "/bad.jsonl"
        try "\n{\"inputs\": 3, \"targets\": \"x\"}\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: FinetuneError.data(path: path, reason: "no usable lines (1 skipped; first: line 2: \"inputs\" is not a string)")) {
            try InstructionFile(path: path)
        }
    }

    @Test("instruction settings read from JSON keep defaults for absent keys and refuse unknown keys")
    func settings() throws {
        let read = try JSONDecoder().decode(InstructionSettings.self, from: Data(#"{"learning_rate": 0.001, "schedule": "linear"}"#.utf8))
        var expected = InstructionSettings()
        expected.learningRate = 0.001
        expected.schedule = .linear
        #expect(read == expected)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(InstructionSettings.self, from: Data(#"{"lr": 1}"#.utf8)) }
        var bad = InstructionSettings()
        bad.maximumTargetLength = 1
        #expect(bad.problems() == ["max_target_length must be at least 2 (got 1)"])
        #expect(InstructionSettings().rate(at: 5, total: 10) == 3e-4)
        expected.warmupSteps = 4
        #expect(abs(expected.rate(at: 2, total: 10) - 0.001 * 0.8 * 0.5) < 1e-15)
    }
}
