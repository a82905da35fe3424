import CorpusCore
import Testing
@testable import CorpusFilters

/// Line and page rules of C4, with a stand-in sentence counter (one sentence per line) so
/// each rule is seen on its own; the golden tests run the real Punkt model.
@Suite("C4 rules")
struct C4RuleTests {
    let filter = C4CleanPageFilter(sentenceCounter: { _ in 1 })
    let good = "The river runs quietly through the old town."

    private func clean(_ text: String) -> (Verdict, String) {
        var document = TestDocuments.make(text)
        let verdict = filter.apply(to: &document)
        return (verdict, document.text)
    }

    @Test func pagesWithFewerThanThreeSentencesAreDropped() {
        #expect(clean("\(good)\n\(good)").0 == .drop(reason: "too_few_sentences"))
        #expect(clean("\(good)\n\(good)\n\(good)").0 == .keep)
    }

    @Test func linesNeedAnEndMarkAndNoTrailingEllipsis() {
        let (verdict, text) = clean("\(good)\nNo end mark on this line here\nEllipsis ends this line here ...\nQuote ends this line here \"\n\(good)\n\(good)")
        #expect(verdict == .keep)
        #expect(text == "\(good)\nQuote ends this line here \"\n\(good)\n\(good)")
    }

    @Test func citationsAreRemovedBeforeCountingWordsAndEndMarks() {
        let (_, text) = clean("One two three four[1].\nOne two three four five[12][edit].\nSix words here and there [citation needed].\n\(good)")
        #expect(text == "One two three four five.\nSix words here and there .\n\(good)")
    }

    @Test func unicodeDigitsCountInCitations() {
        #expect(C4Citations.removed(from: "a[٣]b[x]c[]d") == "a" + "b[x]c" + "d")
    }

    @Test func loremIpsumAndCurlyBracketsDropThePage() {
        #expect(clean("\(good)\nLorem IPSUM dolor sit amet, consectetur.\n\(good)\n\(good)").0 == .drop(reason: "lorem_ipsum"))
        #expect(clean("\(good)\nThis line has a { bracket in it.\n\(good)\n\(good)").0 == .drop(reason: "curly_bracket"))
        #expect(clean("\(good)\nShort {.\n\(good)\n\(good)").0 == .keep, "a short line is removed before the bracket rule")
    }

    @Test func javascriptAndPolicyLinesAreRemoved() {
        let (_, text) = clean("Please enable JavaScript to view this page.\nRead our Privacy Policy for more details.\nThis site USES COOKIES to work well.\n\(good)\n\(good)\n\(good)")
        #expect(text == "\(good)\n\(good)\n\(good)")
    }

    @Test func kelvinSignLowercasesToKLikePython() {
        let (_, text) = clean("This site uses coo\u{212A}ies to work well.\n\(good)\n\(good)\n\(good)")
        #expect(text == "\(good)\n\(good)\n\(good)")
    }

    @Test func wordsLongerThanTheLimitRemoveTheirLine() {
        let long = String(repeating: "é", count: 1001)
        let limit = String(repeating: "é", count: 1000)
        let (_, text) = clean("Word \(long) is too long here.\nWord \(limit) is fine right here.\n\(good)\n\(good)")
        #expect(text == "Word \(limit) is fine right here.\n\(good)\n\(good)")
    }

    @Test func linesAreStrippedAndSplitLikePython() {
        let (_, text) = clean("\u{A0} \(good)\u{3000}\u{2028}\(good)\u{85}\(good)\r\n")
        #expect(text == "\(good)\n\(good)\n\(good)")
    }

    @Test func pageLengthCountsCodePoints() {
        let limit = C4LengthFilter(options: .init(maxCharacters: 5))
        var fits = TestDocuments.make("ééééé")
        var over = TestDocuments.make("éééééé")
        #expect(limit.apply(to: &fits) == .keep)
        #expect(limit.apply(to: &over) == .drop(reason: "too_long"))
    }

    @Test func lineOutcomesAreCountedAsDetails() {
        var document = TestDocuments.make("Too short.\nPlease enable JavaScript to view this page.\n\(good)\n\(good)\n\(good)")
        var details = Tally()
        _ = filter.apply(to: &document, details: &details)
        #expect(details["lines/kept"] == 3)
        #expect(details["lines/too_short"] == 1)
        #expect(details["lines/javascript"] == 1)
    }
}
