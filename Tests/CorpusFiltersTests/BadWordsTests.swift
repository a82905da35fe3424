import CorpusCore
import Testing
@testable import CorpusFilters

@Suite("Bad words and phrase matching")
struct BadWordsTests {
    let filter = BadWordsFilter(words: ["en": ["ass", "2 girls 1 cup", "s&m", "🖕", "paki"], "zh": ["性"]], defaultLanguage: "en")

    private func verdict(_ text: String, language: String? = nil) -> Verdict {
        var document = TestDocuments.make(text, language: language)
        return filter.apply(to: &document)
    }

    @Test func wordsMatchOnlyBetweenNonWordCharacters() {
        #expect(verdict("what an ass.") == .drop(reason: "bad_words"))
        #expect(verdict("ass") == .drop(reason: "bad_words"))
        #expect(verdict("a bass and a class") == .keep)
        #expect(verdict("ass_hat") == .keep, "underscore is a word character")
        #expect(verdict("éass") == .keep, "accented letters are word characters")
        #expect(verdict("\u{301}ass") == .drop(reason: "bad_words"), "combining marks are not word characters in Python's re")
    }

    @Test func matchingIsOnLowercasedTextAndPhrasesMayHoldSpacesAndSymbols() {
        #expect(verdict("Don't search for 2 GIRLS 1 CUP!") == .drop(reason: "bad_words"))
        #expect(verdict("S&M club") == .drop(reason: "bad_words"))
        #expect(verdict("x 🖕!") == .drop(reason: "bad_words"))
        #expect(verdict("x🖕y") == .keep, "the letters around it are word characters")
    }

    @Test func dottedCapitalILowercasesWithACombiningDotAsInPython() {
        // "PAKİ".lower() == "paki\u{307}": the combining dot is \W, so the word stands alone.
        #expect(verdict("PAKİ") == .drop(reason: "bad_words"))
    }

    @Test func spacelessLanguagesMatchAnywhereAndUnlistedLanguagesPass() {
        #expect(verdict("这是性别", language: "zh-Hant") == .drop(reason: "bad_words"))
        #expect(verdict("what an ass", language: "fr") == .keep)
    }

    @Test func overlappingCandidatesAreAllTried() {
        let matcher = PhraseMatcher(phrases: ["ab", "b"], wholeWords: true)
        #expect(matcher.matches("xab b"))
        #expect(!matcher.matches("xab"))
    }

    @Test func theShippedEnglishListLoadsFromItsFile() throws {
        let options = BadWordsFilter.Options(lists: ["en": "ldnoobw/en"])
        let shipped = try BadWordsFilter(options: options, directory: TestDocuments.filtersDirectory)
        var document = TestDocuments.make("An ordinary sentence about gardens.", language: "en")
        #expect(shipped.apply(to: &document) == .keep)
        document.text = "Some porn here."
        #expect(shipped.apply(to: &document) == .drop(reason: "bad_words"))
    }
}
