import CorpusCore
import CorpusTestSupport
import Testing
@testable import CorpusFilters

/// The C4 oracle's answers (tensorflow-datasets `c4_utils.py`, run by `shared/peers/c4oracle`)
/// for 49 single-rule documents, against the shipped `c4` preset.
@Suite("C4 against the reference")
struct C4GoldenTests {
    static let fixtures = TestDocuments.fixtures + "/c4"

    /// Our filter/reason for each of the reference's drop reasons.
    static let reasons = [
        "too-long-filter/filtered": "c4_length/too_long",
        "clean-page/filtered:loremipsum": "c4_clean/lorem_ipsum",
        "clean-page/filtered:squigglybracket": "c4_clean/curly_bracket",
        "clean-page/filtered:too_few_sentences": "c4_clean/too_few_sentences",
        "english-filter/filtered:ignored_language": "language/ignored_language",
        "english-filter/filtered:low_confidence": "language/low_confidence",
        "english-filter/filtered:langdetect_exception": "language/low_confidence",
        "badwords-filter/filtered": "bad_words/bad_words",
    ]

    private func run(preset filters: [String], expected file: String) throws -> [(id: String, problem: String)] {
        let preset = try Preset(path: TestDocuments.filtersDirectory + "/presets/c4.yaml")
        let full = try preset.makeChain(filtersDirectory: TestDocuments.filtersDirectory)
        let chain = FilterChain(normalizer: nil, filters: full.filters.filter { filters.contains($0.name) })
        let inputs = try Fixtures.jsonLines(Self.fixtures + "/edge_cases.jsonl")
        let expected = try Fixtures.jsonLines(Self.fixtures + "/" + file)
        #expect(inputs.count == 49 && expected.count == 49)
        var problems: [(String, String)] = []
        for (input, reference) in zip(inputs, expected) {
            let id = input["id"] as? String ?? "?"
            let outcome = chain.run(TestDocuments.make(input["text"] as? String ?? "", id: id))
            let ours = outcome.drop.map { "\($0.filter)/\($0.reason)" }
            if reference["kept"] as? Bool == true {
                if let ours { problems.append((id, "reference kept, we dropped: \(ours)")) }
                else if outcome.document.text != reference["text"] as? String { problems.append((id, "kept text differs")) }
            } else {
                let theirs = reference["reason"] as? String ?? "?"
                // langdetect's and CLD2's reasons for a non-English page need not agree.
                let sameStage = theirs.hasPrefix("english-filter/") && ours?.hasPrefix("language/") == true
                if ours != Self.reasons[theirs] && !sameStage { problems.append((id, "reference \(theirs), we \(ours ?? "kept")")) }
            }
        }
        return problems
    }

    @Test func cleaningRulesMatchTheReferenceDecisionForDecisionAndByteForByte() throws {
        let problems = try run(preset: ["c4_length", "c4_clean"], expected: "edge_cases.ref.clean_only.jsonl")
        #expect(problems.isEmpty, "\(problems)")
    }

    /// With English detection (CLD2 standing in for langdetect) and bad words: the same
    /// decisions and texts; a non-English page may be dropped for a different language reason.
    @Test func theWholePresetMatchesTheReferenceOnEveryFixture() throws {
        let problems = try run(preset: ["c4_length", "c4_clean", "language", "bad_words"], expected: "edge_cases.ref.jsonl")
        #expect(problems.isEmpty, "\(problems)")
    }
}
