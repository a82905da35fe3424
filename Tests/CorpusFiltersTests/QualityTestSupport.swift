import CorpusCore
import CorpusFilters
import Foundation

/// Documents, verdicts and fixture paths for the quality filter tests.
enum QualityTestSupport {
    /// A document holding `text`.
    static func document(_ text: String) -> Document { TestDocuments.make(text) }

    /// What `filter` decides about `text`; also checks that it left the text alone.
    static func verdict(_ filter: some DocumentFilter, _ text: String) -> Verdict {
        var doc = document(text)
        let verdict = filter.apply(to: &doc)
        return doc.text == text ? verdict : .drop(reason: "filter modified the text")
    }

    /// `count` distinct lowercase words of five letters or more (`wordaa`, `wordab`, ...), joined by spaces.
    static func distinctWords(_ count: Int, stem: String = "word") -> [String] {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        return (0..<count).map { i in stem + String(letters[(i / 26) % 26]) + String(letters[i % 26]) }
    }

    /// The path of a file in `Tests/CorpusFiltersTests/Fixtures`.
    static func fixture(_ name: String) -> String { TestDocuments.fixtures + "/" + name }
}
