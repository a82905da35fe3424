import CorpusCore
import CorpusDedup
import Testing

/// cc_net-style paragraph dedup (`paragraphs`).
@Suite("Paragraph dedup")
struct ParagraphDedupTests {
    @Test("a paragraph stays in the first document of the corpus that has it and leaves the later ones")
    func firstOccurrenceInCorpusOrderStays() throws {
        let run = try LineMethodHarness.run(ParagraphDedup(), [
            TestPage(id: "a", url: nil, text: "Intro of a.\nShared paragraph."),
            TestPage(id: "b", url: nil, text: "Shared paragraph.\nBody of b."),
            TestPage(id: "c", url: nil, text: "Body of c.\nShared paragraph."),
        ], files: 2)
        #expect(run.kept == ["a": "Intro of a.\nShared paragraph.", "b": "Body of b.", "c": "Body of c."])
        #expect(run.details["paragraphs/duplicate"] == 2)
        #expect(run.details["paragraphs/kept"] == 4)
    }

    @Test("a paragraph repeated within a document keeps its first copy")
    func repeatWithinDocument() throws {
        let run = try LineMethodHarness.run(ParagraphDedup(), [
            TestPage(id: "a", url: nil, text: "Menu\nText one.\nMenu\nText two.\nMenu"),
        ])
        #expect(run.kept == ["a": "Menu\nText one.\nText two."])
    }

    @Test("paragraphs that differ only in case, digits, punctuation, accents and spacing are the same")
    func keyNormalizedVariantsAreDuplicates() throws {
        let run = try LineMethodHarness.run(ParagraphDedup(), [
            TestPage(id: "a", url: nil, text: "Café opens at 9, every day!\nOther."),
            TestPage(id: "b", url: nil, text: "  CAFE opens at 7   every day  \nMore."),
        ])
        #expect(run.kept == ["a": "Café opens at 9, every day!\nOther.", "b": "More."])
    }

    @Test("a document left with only blank lines is removed, naming no duplicate")
    func emptiedDocumentIsRemoved() throws {
        let run = try LineMethodHarness.run(ParagraphDedup(), [
            TestPage(id: "a", url: nil, text: "One.\nTwo."),
            TestPage(id: "b", url: nil, text: "Two.\n\n  \nOne."),
            TestPage(id: "blank", url: nil, text: " \n"),
        ])
        #expect(run.removed == ["b": "paragraphs_empty", "blank": "paragraphs_empty"])
        #expect(run.namedDuplicates.isEmpty)
    }

    @Test("blank lines and lines under the minimum length are never removed")
    func shortAndBlankLinesStay() throws {
        let run = try LineMethodHarness.run(ParagraphDedup(minimumLineLength: 10), [
            TestPage(id: "a", url: nil, text: "Home\n\nA long shared paragraph."),
            TestPage(id: "b", url: nil, text: "Home\n\nA long shared paragraph.\nOwn text of b."),
        ])
        #expect(run.kept == ["a": "Home\n\nA long shared paragraph.", "b": "Home\n\nOwn text of b."])
    }

    @Test("the outcome is the same however the corpus is split into files, partitions and threads")
    func outcomeIndependentOfLayout() throws {
        var pages: [TestPage] = []
        for page in 0..<40 {
            let lines = (0..<6).map { "Paragraph \(($0 * 5 + page * 3) % 23) here." }
            pages.append(TestPage(id: "p\(page)", url: nil, text: lines.joined(separator: "\n")))
        }
        let base = try LineMethodHarness.run(ParagraphDedup(), pages)
        #expect(base.details["paragraphs/duplicate"] > 0)
        for (files, partitions, workers) in [(3, 1, 2), (7, 13, 3), (40, 64, 1)] {
            let other = try LineMethodHarness.run(ParagraphDedup(), pages, files: files, partitions: partitions,
                                                  workers: workers, memoryBytes: 1 << 16)
            #expect(other.kept == base.kept && other.removed == base.removed && other.details == base.details)
        }
    }

    @Test("the registry makes paragraphs and refuses a negative minimum length")
    func registry() throws {
        var options = DedupMethodOptions()
        #expect(try DedupMethodName.paragraphs.make(options).name == "paragraphs")
        options.minimumParagraphLength = -1
        #expect(throws: DedupError.self) { try DedupMethodName.paragraphs.make(options) }
    }
}
