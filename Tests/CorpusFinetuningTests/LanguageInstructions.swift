import CorpusFinetuning
import CorpusTestSupport
import Foundation

/// Small instruction tasks on real text: lines of the quickstart crawl's WET pages, labeled
/// with their page's language from the sample's manifest (`LanguageTask.pages`).
enum LanguageInstructions {
    /// Distinct lines of 40–300 characters per language code, in page order.
    static let lines: [String: [String]] = {
        var out: [String: [String]] = [:], seen: Set<String> = []
        for page in LanguageTask.pages where !page.language.isEmpty {
            for line in page.text.split(separator: "\n") where line.count >= 40 && line.count <= 300 {
                guard seen.insert(String(line)).inserted else { continue }
                out[page.language, default: []].append(String(line))
            }
        }
        return out
    }()

    /// Interleaved `(line, language)` examples: for each `(language, count)`, `count` lines of
    /// that language starting at its line `offset` (English lines are taken every few, so
    /// that all English pages contribute); round-robin over the languages while they last.
    static func examples(_ wanted: [(language: String, count: Int)], offset: Int = 0) -> [LabeledExample] {
        let columns: [[String]] = wanted.map { language, count in
            let all = lines[language] ?? []
            let step = language == "en" ? max(1, all.count / 400) : 1
            let picked = stride(from: 0, to: all.count, by: step).map { all[$0] }
            precondition(picked.count >= offset + count, "only \(picked.count) lines of \(language)")
            return Array(picked[offset..<(offset + count)])
        }
        var out: [LabeledExample] = []
        for index in 0..<(wanted.map(\.count).max() ?? 0) {
            for (column, language) in zip(columns, wanted.map(\.language)) where index < column.count {
                out.append(LabeledExample(text: column[index], label: language, line: out.count + 2))
            }
        }
        return out
    }

    /// The languages of the mixture and how many lines of each it takes.
    static let mixtureLanguages: [(language: String, count: Int)] = [
        ("en", 80), ("de", 80), ("es", 40), ("pl", 40), ("ru", 40), ("nl", 30), ("it", 25),
    ]

    /// The training mixture: which of seven languages a line is, in the language family's
    /// templates, `scale` × `mixtureLanguages` lines.
    static func mixture(scale: Double = 1, seed: UInt64 = 1) throws -> InstructionSet {
        let wanted = mixtureLanguages.map { ($0.language, Int((Double($0.count) * scale).rounded())) }
        var set = InstructionSet()
        set.examples = try TemplatedTask(name: "language-id", family: TemplateFamilies.language)
            .render(examples(wanted), labels: LabeledFile.labelOrder(wanted.map(\.0)), seed: seed)
        set.sources = [InstructionSource(path: "quickstart WET lines", examples: set.examples.count, skipped: 0, family: "language")]
        return set
    }

    /// The held-out task: English or German, asked in the generic family's wording (which the
    /// mixture never uses) with two options, on lines the mixture does not contain.
    static func heldout(count: Int, after used: Int, seed: UInt64 = 1) throws -> InstructionSet {
        var set = InstructionSet()
        set.examples = try TemplatedTask(name: "english-or-german", family: TemplateFamilies.generic, verbalizer: ["en": "English", "de": "German"])
            .render(examples([("en", count), ("de", count)], offset: used), labels: ["en", "de"], seed: seed)
        set.sources = [InstructionSource(path: "quickstart WET lines", examples: set.examples.count, skipped: 0, family: "generic")]
        return set
    }
}
