import Testing
@testable import CorpusFilters

@Suite("Python text primitives")
struct PythonTextTests {
    @Test func splitlinesBreaksWherePythonDoes() {
        let text = "a\r\nb\rc\u{0B}d\u{0C}e\u{1C}f\u{85}g\u{2028}h\u{2029}i\n"
        #expect(PythonText.splitLines(text) == ["a", "b", "c", "d", "e", "f", "g", "h", "i"])
        #expect(PythonText.splitLines("") == [])
        #expect(PythonText.splitLines("\n\nx") == ["", "", "x"])
        #expect(PythonText.splitLines("a\u{1F}b") == ["a\u{1F}b"])
    }

    @Test func splitAndStripUseUnicodeWhitespace() {
        let text = "\u{A0} one\u{3000}two\u{200B}three\u{1F}four \u{2009}"
        #expect(PythonText.splitWhitespace(text) == ["one", "two\u{200B}three", "four"])
        #expect(PythonText.strip(Substring(text)) == "one\u{3000}two\u{200B}three\u{1F}four")
        #expect(PythonText.wordCount("  ") == 0)
    }

    @Test func lengthCountsCodePoints() {
        #expect(PythonText.length("né🙂") == 3)
        #expect(PythonText.length("e\u{301}") == 2)
    }

    @Test func wordCharactersFollowPythonRegex() {
        #expect(PythonText.isWordCharacter("_"))
        #expect(PythonText.isWordCharacter("é"))
        #expect(PythonText.isWordCharacter("٣"))
        #expect(PythonText.isWordCharacter("²"))
        #expect(!PythonText.isWordCharacter("\u{301}"))
        #expect(!PythonText.isWordCharacter("-"))
        #expect(!PythonText.isWordCharacter("🖕"))
    }
}
