import Testing
@testable import CorpusFilters

@Suite("Quality: English words as datatrove's spaCy tokenizer splits them")
struct QualityWordSplitterTests {
    let splitter = EnglishWordSplitter.shared

    @Test func punctuationAroundWordsBecomesWordsOfItsOwn() {
        #expect(splitter.strings(in: "Hello, world. (Really?)") == ["Hello", ",", "world", ".", "(", "Really", "?", ")"])
    }

    @Test func contractionsAndPossessivesSplitAsSpacyExceptionsSay() {
        #expect(splitter.strings(in: "I don't know Bob's dog") == ["I", "do", "n't", "know", "Bob", "'s", "dog"])
    }

    @Test func abbreviationsAndEmoticonsStayWhole() {
        #expect(splitter.strings(in: "e.g. :) U.S.") == ["e.g.", ":)", "U.S."])
    }

    @Test func infixHyphensBetweenLettersSplitButNumbersStayWhole() {
        #expect(splitter.strings(in: "well-known 3-4 10km 1.5") == ["well", "-", "known", "3", "-", "4", "10", "km", "1.5"])
    }

    @Test func urlsStayWhole() {
        #expect(splitter.strings(in: "see https://example.com/a-b?c=d.") == ["see", "https://example.com/a-b?c=d", "."])
    }

    @Test func whitespaceOfAnyKindSeparatesAndIsNeverAWord() {
        #expect(splitter.strings(in: "  a\u{A0}b\n\n\tc \u{3000}") == ["a", "b", "c"])
        #expect(splitter.strings(in: "") == [])
    }

    @Test func exceptionsBrokenByAffixesAreMatchedAgain() {
        // `:(` after a letter is split by the suffix rules into `:` `(` and rejoined by the matcher.
        #expect(splitter.strings(in: "x:(") == ["x", ":(" ])
    }
}
