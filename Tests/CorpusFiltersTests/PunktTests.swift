import Foundation
import Testing
@testable import CorpusFilters

/// The repository's English Punkt model and the golden cases NLTK produced for it
/// (`scripts/golden/punkt_golden.py`), found from this file's path.
enum PunktFixtures {
    static let modelDirectory = TestDocuments.filtersDirectory + "/punkt-english"
    static let goldenPath = TestDocuments.fixtures + "/punkt_golden.jsonl"

    /// The splitter with the English model, loaded once for all tests.
    static let english: PunktSentenceSplitter? = {
        guard let parameters = try? PunktParameters(directory: modelDirectory) else { return nil }
        return PunktSentenceSplitter(parameters: parameters)
    }()

    /// One text and the sentences NLTK gives for it.
    struct GoldenCase: Decodable, Sendable {
        let text: String
        let sentences: [String]
    }

    static func goldenCases() throws -> [GoldenCase] {
        let data = try Data(contentsOf: URL(filePath: goldenPath))
        return try data.split(separator: UInt8(ascii: "\n")).map {
            try JSONDecoder().decode(GoldenCase.self, from: Data($0))
        }
    }
}

@Suite("Punkt sentence splitter")
struct PunktTests {
    let splitter: PunktSentenceSplitter

    init() throws {
        splitter = try #require(PunktFixtures.english)
    }

    /// The sentences, as plain strings, for comparing with expectations.
    func split(_ text: String) -> [String] { splitter.sentences(in: text).map(String.init) }

    @Test("gives NLTK's sentences and count on every golden case")
    func goldenCasesMatchNLTK() throws {
        let cases = try PunktFixtures.goldenCases()
        #expect(cases.count > 500)
        for golden in cases {
            let ranges = splitter.sentenceRanges(in: Substring(golden.text))
            let sentences = ranges.map { String(golden.text[$0]) }
            #expect(sentences == golden.sentences, "text: \(golden.text.debugDescription)")
            #expect(splitter.sentenceCount(in: Substring(golden.text)) == golden.sentences.count,
                    "text: \(golden.text.debugDescription)")
        }
    }

    @Test("the English model has NLTK's entry counts")
    func modelLoadsEveryEntry() {
        let counts = splitter.parameters.entryCounts
        #expect(counts.abbreviations == 156)
        #expect(counts.collocations == 37)
        #expect(counts.sentenceStarters == 39)
        #expect(counts.orthographicContexts == 20_366)
    }

    @Test("abbreviations do not end sentences")
    func abbreviationsDoNotEndSentences() {
        #expect(split("Mr. Smith met Dr. Jones at St. Mary's at noon. They talked.")
                == ["Mr. Smith met Dr. Jones at St. Mary's at noon.", "They talked."])
        // "ex-gen." is known by its last hyphen-separated part; "gov" is not in the model.
        #expect(splitter.sentenceCount(in: "An ex-Gen. spoke here.") == 1)
        #expect(splitter.sentenceCount(in: "An ex-Gov. spoke here.") == 2)
        // "e.g" is not in the model either, so NLTK breaks after it.
        #expect(splitter.sentenceCount(in: "Bring a tool, e.g. a hammer.") == 2)
    }

    @Test("an abbreviation before a frequent sentence starter ends the sentence")
    func abbreviationBeforeSentenceStarterBreaks() {
        #expect(split("He lives in the U.S. He works in Canada.") == ["He lives in the U.S.", "He works in Canada."])
    }

    @Test("initials stay with the name that follows")
    func initialsStayWithTheName() {
        #expect(split("J. R. R. Tolkien wrote it. It is long.") == ["J. R. R. Tolkien wrote it.", "It is long."])
    }

    @Test("a number before a collocation or lower-case word does not break")
    func numbersFollowOrthographicEvidence() {
        #expect(splitter.sentenceCount(in: "Chapter 3. International trade follows.") == 1)
        #expect(splitter.sentenceCount(in: "Rule 7. the next rule is lower case.") == 1)
        #expect(splitter.sentenceCount(in: "Pi is 3.14. E is 2.72.") == 2)
    }

    @Test("ellipses and runs of end marks split as NLTK splits them")
    func ellipsesAndRunsOfEndMarks() {
        #expect(split("Wait... What happened? Nothing.") == ["Wait... What happened?", "Nothing."])
        #expect(split("What?! No way!! I see.") == ["What?!", "No way!!", "I see."])
        // Spaced periods are candidates one by one; NLTK's context for each is a lone period.
        #expect(split("He paused . . . then spoke.") == ["He paused .", ".", ".", "then spoke."])
    }

    @Test("closing quotes and brackets stay with their sentence")
    func closersStayWithTheirSentence() {
        #expect(split("(This is a note.) The text continues.") == ["(This is a note.)", "The text continues."])
        #expect(split("He said \"Stop.\" Then he left.") == ["He said \"Stop.\"", "Then he left."])
        #expect(split("Done.) \"") == ["Done.)", "\""])
    }

    @Test("whitespace between sentences and at the end of the text belongs to no sentence")
    func whitespaceBetweenSentencesIsDropped() {
        // As in NLTK, the first sentence keeps the text's leading whitespace.
        #expect(split("  One.  Two.\n\nThree.  \n") == ["  One.", "Two.", "Three."])
        #expect(split("One.\u{A0}Two.") == ["One.", "Two."])
    }

    @Test("empty and blank text has no sentences")
    func blankTextHasNoSentences() {
        for text in ["", " ", "\n\t ", "\u{1C}"] {
            #expect(splitter.sentenceCount(in: Substring(text)) == 0)
            #expect(split(text).isEmpty)
        }
        #expect(splitter.sentenceCount(in: "no end mark at all") == 1)
    }

    @Test("a trailing file separator token does not make an empty sentence")
    func separatorControlAfterBreak() {
        #expect(splitter.sentenceCount(in: "Word. \u{1C}") == 1)
        #expect(split("Word. \u{1C}") == ["Word."])
    }

    @Test("ranges index into the substring's base string")
    func rangesOfASubstring() {
        let page = "Header line\nFirst one. Second one.\nFooter"
        let line = PythonText.splitLines(page)[1]
        let ranges = splitter.sentenceRanges(in: line)
        #expect(ranges.map { String(page[$0]) } == ["First one.", "Second one."])
    }

    @Test("gives the same counts from many tasks at once")
    func concurrentUseAgrees() async throws {
        let texts = try PunktFixtures.goldenCases().map(\.text)
        let expected = texts.map { splitter.sentenceCount(in: Substring($0)) }
        let shared = splitter
        let results = await withTaskGroup(of: [Int].self) { group in
            for _ in 0..<4 { group.addTask { texts.map { shared.sentenceCount(in: Substring($0)) } } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0 == expected })
    }

    @Test("character classes follow Python 3.11 and the regex module")
    func characterClassesFollowPython() {
        #expect(PunktCharacters.isPythonLower(0x295))
        #expect(!PunktCharacters.isPythonLower(0x10FC))
        #expect(PunktCharacters.isPythonUpper(0x2160))
        #expect(!PunktCharacters.isRegexSpace(0x1C))
        #expect(PunktCharacters.isPythonSpace(0x1C))
        #expect(PunktCharacters.isRegexLetter(0x303))
        #expect(!PunktCharacters.isRegexLetter(0xB2))
        #expect(PunktCharacters.isRegexLetter(0x18E00))
        let kelvin: [UInt32] = [0x212A, 0x130, 0x3A3, 0x3A3]
        var lowered: [UInt8] = []
        _ = kelvin.withUnsafeBufferPointer {
            PunktCharacters.appendPythonLowercase(of: $0, range: 0..<4, to: &lowered)
        }
        #expect(String(decoding: lowered, as: UTF8.self) == "ki\u{307}σς")
    }
}

@Suite("Punkt model loading")
struct PunktModelLoadingTests {
    /// A fresh directory holding copies of the English model files, minus `omit`.
    func modelCopy(omitting omit: String? = nil) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appending(path: "punkt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for name in PunktParameters.fileNames where name != omit {
            try FileManager.default.copyItem(
                atPath: PunktFixtures.modelDirectory + "/" + name, toPath: directory.appending(path: name).path)
        }
        return directory.path
    }

    @Test("a missing model file is reported by name")
    func missingFileIsReported() throws {
        let directory = try modelCopy(omitting: "ortho_context.tab")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect {
            _ = try PunktParameters(directory: directory)
        } throws: { error in
            guard case .dataFile(let path, let reason) = error as? FilterConfigurationError else { return false }
            return path.hasSuffix("/ortho_context.tab") && reason.hasPrefix("missing")
        }
    }

    @Test("a malformed line is reported with its number")
    func malformedLineIsReported() throws {
        let directory = try modelCopy()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data("word\t4\nbroken line\n".utf8).write(to: URL(filePath: directory + "/ortho_context.tab"))
        #expect(throws: FilterConfigurationError.dataFile(
            path: directory + "/ortho_context.tab", reason: "line 2: expected two tab-separated fields, found 1")) {
            _ = try PunktParameters(directory: directory)
        }
        try Data("word\tfour\n".utf8).write(to: URL(filePath: directory + "/ortho_context.tab"))
        #expect(throws: FilterConfigurationError.dataFile(
            path: directory + "/ortho_context.tab", reason: "line 1: the second field is not an integer")) {
            _ = try PunktParameters(directory: directory)
        }
    }

    @Test("a file that is not UTF-8 is refused")
    func invalidUTF8IsRefused() throws {
        let directory = try modelCopy()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data([0x61, 0x0A, 0xFF, 0x0A]).write(to: URL(filePath: directory + "/abbrev_types.txt"))
        #expect(throws: FilterConfigurationError.dataFile(
            path: directory + "/abbrev_types.txt", reason: "line 2: not valid UTF-8")) {
            _ = try PunktParameters(directory: directory)
        }
    }
}
