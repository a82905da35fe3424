import CorpusCore
import Foundation
import Testing
@testable import CorpusFilters

/// Agreement with datatrove 0.10.1 on `Fixtures/quality_golden.jsonl`, written by
/// `scripts/golden/quality_golden.py`: 150 debian-docs pages, hand-made threshold cases and random
/// strings. The word splitter reproduces datatrove's spaCy tokens exactly, so every case must
/// agree: no case is excluded.
@Suite("Quality: golden verdicts from datatrove")
struct QualityGoldenTests {
    struct Case {
        let id: String
        let text: String
        let verdicts: [String: String]
        let words: [String]?
    }

    static let cases: [Case] = {
        let path = QualityTestSupport.fixture("quality_golden.jsonl")
        guard let content = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return content.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let id = object["id"] as? String, let text = object["text"] as? String else { return nil }
            let verdicts = ["gopher_quality", "gopher_repetition", "fineweb_quality"].reduce(into: [String: String]()) {
                $0[$1] = object[$1] as? String
            }
            return Case(id: id, text: text, verdicts: verdicts, words: object["words"] as? [String])
        }
    }()

    @Test func theFixtureHoldsAllCases() {
        #expect(Self.cases.count == 240)
    }

    @Test(arguments: [
        GopherQualityFilter() as any DocumentFilter, GopherRepetitionFilter(), FineWebQualityFilter(),
    ])
    func everyVerdictMatchesDatatrove(filter: any DocumentFilter) {
        for golden in Self.cases {
            let expected = golden.verdicts[filter.name] ?? "missing"
            let got: String = switch QualityTestSupport.verdict(filter, golden.text) {
            case .keep: "keep"
            case .drop(let reason): reason
            }
            #expect(got == expected, "\(filter.name) on \(golden.id)")
        }
    }

    @Test func everyWordListMatchesDatatrove() {
        let withWords = Self.cases.filter { $0.words != nil }
        #expect(withWords.count > 80)
        for golden in withWords {
            #expect(EnglishWordSplitter.shared.strings(in: golden.text) == golden.words, "\(golden.id)")
        }
    }
}
