/// The template families corpus ships. Written by us for corpus in the style of Flan's templates
/// (Wei et al. 2021, "Finetuned Language Models Are Zero-Shot Learners", and the Flan 2022
/// collection, Longpre et al. 2023): the text, a question, then an `OPTIONS:` list, the answer
/// being the option's text. None is copied from Flan's files; wording and option words are ours.
public enum TemplateFamilies {
    /// Binary sentiment (SST-2, IMDB-like): labels 0/1 or negative/positive.
    public static let sentiment = TemplateFamily(name: "sentiment", templates: [
        InstructionTemplate("{text}\n\nIs the sentiment of this review positive or negative?\n\n{options}"),
        InstructionTemplate("Review: {text}\n\nWhat is the sentiment of this review?\n\n{options}"),
        InstructionTemplate("What is the sentiment of the following sentence?\n\n{text}\n\n{options}"),
        InstructionTemplate("{text}\n\nHow would the author describe their opinion: {options_inline}?\n\n{options}"),
    ], verbalizer: ["0": "negative", "1": "positive", "neg": "negative", "pos": "positive", "negative": "negative", "positive": "positive"])

    /// Linguistic acceptability (CoLA): labels 0/1.
    public static let acceptability = TemplateFamily(name: "acceptability", templates: [
        InstructionTemplate("Sentence: \"{text}\"\n\nWould a linguist rate this sentence as acceptable English?\n\n{options}"),
        InstructionTemplate("{text}\n\nIs this sentence grammatically acceptable?\n\n{options}"),
        InstructionTemplate("Is the following sentence linguistically acceptable?\n\n{text}\n\n{options}"),
    ], verbalizer: ["0": "unacceptable", "1": "acceptable"])

    /// News topics (AG News: labels 1–4 as in its CSV files).
    public static let topic = TemplateFamily(name: "topic", templates: [
        InstructionTemplate("{text}\n\nWhat is this text about?\n\n{options}"),
        InstructionTemplate("{text}\n\nWhich topic is this article about?\n\n{options}"),
        InstructionTemplate("Choose your answer. What is this article about?\n\n{text}\n\n{options}"),
    ], verbalizer: ["1": "World", "2": "Sports", "3": "Business", "4": "Science/Tech"])

    /// The language a text is written in; labels are language codes (`en`, `pt-BR`, …) or `other`.
    public static let language = TemplateFamily(name: "language", templates: [
        InstructionTemplate("{text}\n\nWhat language is this text written in?\n\n{options}"),
        InstructionTemplate("Which language is this?\n\n{text}\n\n{options}"),
        InstructionTemplate("Text: {text}\n\nIdentify the language of the text above.\n\n{options}"),
    ], verbalizer: [
        "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "nl": "Dutch", "pt": "Portuguese",
        "pt-BR": "Portuguese", "ru": "Russian", "ja": "Japanese", "zh": "Chinese", "zh-CN": "Simplified Chinese",
        "zh-TW": "Traditional Chinese", "ar": "Arabic", "cs": "Czech", "pl": "Polish", "sv": "Swedish", "tr": "Turkish",
        "vi": "Vietnamese", "la": "Latin", "other": "another language",
    ])

    /// Any labeled text: the labels are the options.
    public static let generic = TemplateFamily(name: "generic", templates: [
        InstructionTemplate("{text}\n\nWhich of the options best describes this text?\n\n{options}"),
        InstructionTemplate("{text}\n\nChoose the right answer.\n\n{options}"),
        InstructionTemplate("Classify the following text.\n\n{text}\n\n{options}"),
    ])

    /// Every shipped family by name.
    public static let all: [String: TemplateFamily] = Dictionary(uniqueKeysWithValues: [sentiment, acceptability, topic, language, generic].map {
        ($0.name, $0)
    })
}

/// A labeled task and how it becomes instructions: a template family and the option text of
/// each label.
public struct TemplatedTask: Sendable, Equatable {
    /// The task's name, written into each example's `task`.
    public var name: String
    /// The templates and the family's option words.
    public var family: TemplateFamily
    /// Label → option text, over the family's; a label in neither is its own option text.
    public var verbalizer: [String: String]

    /// A task rendered with `family`, `verbalizer` taking precedence over its option words.
    public init(name: String, family: TemplateFamily, verbalizer: [String: String] = [:]) {
        self.name = name
        self.family = family
        self.verbalizer = verbalizer
    }

    /// The option text of `label`.
    public func option(for label: String) -> String { verbalizer[label] ?? family.verbalizer[label] ?? label }

    /// The options of a task with `labels` (in class-id order): their option texts, which must
    /// be distinct.
    public func options(labels: [String]) throws(FinetuneError) -> [String] {
        let options = labels.map(option(for:))
        var seen: [String: String] = [:]
        for (label, option) in zip(labels, options) {
            if let other = seen[option] {
                throw .invalidSettings(["labels \(other) and \(label) of task \(name) both become the option \"\(option)\"; give them different option words (a verbalizer)"])
            }
            seen[option] = label
        }
        return options
    }

    /// `examples` as instructions, each with the template `family.templateIndex(example:seed:)`
    /// picks and every label's option listed in `labels` order; each example's `options` are
    /// the targets the template writes for each option. A pair's second text goes where
    /// the template says `{text2}`, or on a new line after the first when it does not.
    public func render(_ examples: [LabeledExample], labels: [String], seed: UInt64) throws(FinetuneError) -> [InstructionExample] {
        let problems = family.problems()
        guard problems.isEmpty else { throw .invalidSettings(problems) }
        let options = try self.options(labels: labels)
        return try examples.enumerated().map { index, example throws(FinetuneError) in
            guard labels.contains(example.label) else {
                throw .data(path: name, reason: "line \(example.line): label \(example.label) is not one of the task's labels (\(labels.joined(separator: ", ")))")
            }
            let template = family.templates[family.templateIndex(example: index, seed: seed)]
            var text = example.text
            if let second = example.second, !InstructionTemplate.names(in: template.inputs).contains("text2") { text += "\n" + second }
            let (inputs, targets) = template.render(text: text, text2: example.second, options: options, answer: option(for: example.label))
            // What the decoder would write for each option (the option itself under `{answer}`).
            let written = options.map { template.render(text: text, text2: example.second, options: options, answer: $0).targets }
            return InstructionExample(inputs: inputs, targets: targets, task: name, options: written)
        }
    }
}
