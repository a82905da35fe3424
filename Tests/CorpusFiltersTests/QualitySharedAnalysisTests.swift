import CorpusCore
import Testing
@testable import CorpusFilters

@Suite("Quality: one word split shared by the quality filters")
struct QualitySharedAnalysisTests {
    static let filters: [any DocumentFilter] = [GopherRepetitionFilter(), GopherQualityFilter(), FineWebQualityFilter()]

    @Test("a chain of quality filters gives the golden verdict of the first filter that drops")
    func chainedVerdictsMatchTheFiltersAlone() {
        let chain = FilterChain(normalizer: nil, filters: Self.filters)
        #expect(QualityGoldenTests.cases.count == 240)
        for golden in QualityGoldenTests.cases {
            let expected = Self.filters.lazy.compactMap { filter -> (String, String)? in
                let verdict = golden.verdicts[filter.name] ?? "missing"
                return verdict == "keep" ? nil : (filter.name, verdict)
            }.first
            let outcome = chain.run(QualityTestSupport.document(golden.text))
            #expect(outcome.drop?.filter == expected?.0 && outcome.drop?.reason == expected?.1, "\(golden.id)")
            #expect(outcome.document.text == golden.text)
        }
    }

    @Test("each filter judging one shared analysis decides as it does alone")
    func sharedAnalysisGivesTheSameVerdicts() {
        for golden in QualityGoldenTests.cases {
            var analysis = TextAnalysis(golden.text)
            for filter in Self.filters {
                guard let analyzing = filter as? any AnalyzingDocumentFilter else {
                    Issue.record("\(filter.name) does not share the analysis")
                    continue
                }
                #expect(analyzing.judge(&analysis) == QualityTestSupport.verdict(filter, golden.text), "\(filter.name) on \(golden.id)")
            }
        }
    }

    @Test("the words are split once, by the first filter that needs them, and kept for the next")
    func wordsAreSplitOnce() {
        let text = QualityTestSupport.distinctWords(80).joined(separator: " ") + " the and of to."
        var analysis = TextAnalysis(text)
        #expect(!analysis.hasWords)
        _ = GopherRepetitionFilter().judge(&analysis)
        #expect(analysis.hasWords)
        let words = analysis.words()
        #expect(words.ranges.count == EnglishWordSplitter.shared.words(in: text).ranges.count)
        #expect(GopherQualityFilter().judge(&analysis) == .keep)
    }

    @Test("a filter that rewrites the text between two quality filters makes the next one analyse the new text")
    func aRewritingFilterStartsAFreshAnalysis() {
        struct Truncate: DocumentFilter {
            let name = "truncate"
            func apply(to document: inout Document) -> Verdict {
                document.text = String(document.text.prefix(10))
                return .keep
            }
        }
        let text = QualityTestSupport.distinctWords(80).joined(separator: " ") + " the and of to."
        // Gopher quality keeps the whole text but drops its first ten characters as too short.
        let chain = FilterChain(normalizer: nil, filters: [GopherQualityFilter(), Truncate(), GopherQualityFilter()])
        #expect(chain.run(QualityTestSupport.document(text)).drop?.reason == "gopher_short_doc")
    }

    @Test("equal words get one number and different words different numbers")
    func vocabularyNumbersWords() {
        let words = EnglishWordSplitter.shared.words(in: "the cat saw the dog , the cat !")
        let vocabulary = WordVocabulary(words)
        #expect(vocabulary.ids == [0, 1, 2, 0, 3, 4, 0, 1, 5])
        #expect(vocabulary.counts == [3, 2, 1, 1, 1, 1])
        #expect(vocabulary.count == 6)
    }
}
