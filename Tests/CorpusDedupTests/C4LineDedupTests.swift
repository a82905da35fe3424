import CorpusCore
import CorpusDedup
import CorpusTestSupport
import CorpusFilters
import Testing

/// C4 line dedup (`lines`) against the C4 oracle and on small cases.
@Suite("C4 line dedup")
struct C4LineDedupTests {
    static let punkt: PunktSentenceSplitter = {
        // The shipped model; a missing one fails every test that uses it, loudly.
        let parameters = try? PunktParameters(directory: LineMethodHarness.filtersDirectory + "/punkt-english")
        return PunktSentenceSplitter(parameters: parameters!)
    }()

    /// Line dedup that keeps every non-empty page, for cases about lines only.
    static let noSentenceCheck = C4LineDedup(punkt: punkt, minimumSentences: 0)

    /// Our filter/reason for each of the oracle's drop reasons.
    static let reasons = [
        "too-long-filter/filtered": "c4_length/too_long",
        "clean-page/filtered:loremipsum": "c4_clean/lorem_ipsum",
        "clean-page/filtered:squigglybracket": "c4_clean/curly_bracket",
        "clean-page/filtered:too_few_sentences": "c4_clean/too_few_sentences",
        "dedupe-lines/filtered:empty": "lines/lines_empty",
        "dedupe-lines/filtered:too_few_sentences": "lines/lines_too_few_sentences",
    ]

    /// Runs C4's length and clean-page filters (from the shipped preset), then line dedup, on
    /// a fixture, and lists every document where the outcome differs from the oracle's.
    private func compareWithOracle(input: String, reference: String, details: ((Tally) -> Void)? = nil) throws -> [String] {
        let directory = LineMethodHarness.filtersDirectory
        let full = try Preset(path: directory + "/presets/c4.yaml").makeChain(filtersDirectory: directory)
        let chain = FilterChain(normalizer: nil, filters: full.filters.filter { ["c4_length", "c4_clean"].contains($0.name) })
        let inputs = try Fixtures.jsonLines(LineMethodHarness.fixtures + "/c4-lines/" + input)
        let expected = try Fixtures.jsonLines(LineMethodHarness.fixtures + "/c4-lines/" + reference)
        #expect(inputs.count == expected.count && !inputs.isEmpty)

        var cleaned: [TestPage] = []
        var ours: [String: String] = [:]
        for record in inputs {
            let page = TestPage(id: record["id"] as? String ?? "?", url: record["url"] as? String, text: record["text"] as? String ?? "")
            let outcome = chain.run(Document(id: page.id, text: page.text, url: page.url,
                                             metadata: DocumentMetadata(sourceFile: input, recordIndex: 0, byteOffset: 0)))
            if let drop = outcome.drop {
                ours[page.id] = "\(drop.filter)/\(drop.reason)"
            } else {
                cleaned.append(TestPage(id: page.id, url: page.url, text: outcome.document.text))
            }
        }
        let run = try LineMethodHarness.run(C4LineDedup(punkt: Self.punkt), cleaned)
        details?(run.details)
        for (id, reason) in run.removed { ours[id] = "lines/\(reason)" }

        var problems: [String] = []
        for record in expected {
            let id = record["id"] as? String ?? "?"
            if record["kept"] as? Bool == true {
                if let reason = ours[id] { problems.append("\(id): the oracle kept it, we dropped it (\(reason))") }
                else if run.kept[id] != record["text"] as? String { problems.append("\(id): kept text differs") }
            } else {
                let theirs = record["reason"] as? String ?? "?"
                if ours[id] != Self.reasons[theirs] { problems.append("\(id): the oracle \(theirs), we \(ours[id] ?? "kept")") }
            }
        }
        #expect(run.namedDuplicates.isEmpty, "a page removed by line dedup duplicates no single document")
        return problems
    }

    @Test("matches the oracle's line dedup cases decision for decision and byte for byte")
    func oracleDedupCases() throws {
        let problems = try compareWithOracle(input: "edge_cases_dedup.jsonl", reference: "edge_cases_dedup.ref.jsonl")
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("matches the oracle on all 55 edge cases, with the oracle's line counts")
    func oracleAllCases() throws {
        var counted = Tally()
        let problems = try compareWithOracle(input: "edge_cases_all.jsonl", reference: "edge_cases_all.lines.ref.jsonl") { counted = $0 }
        #expect(problems.isEmpty, "\(problems)")
        #expect(counted["lines/global_duplicate"] == 112)
        #expect(counted["lines/local_duplicate"] == 1)
        #expect(counted["lines/kept"] == 41)
    }

    @Test("MD5 of a URL compares like its hex digest")
    func urlDigests() {
        #expect(Hashing.md5("http://a.example/").hex == "b30d4f59eb97517b29db7bf4c7be397d")
        #expect(Hashing.md5("http://b.example/").hex == "2d8341083df6e51e1fcc42cf6407edb7")
        #expect(Hashing.md5("http://b.example/") < Hashing.md5("http://a.example/"))
    }

    @Test("line keys lower text as Python does, final sigma and dotted I included")
    func keysLowerLikePython() {
        // md5(s.lower()) from Python 3.11.
        #expect(Hashing.md5(PythonLowercase.lowered("ΟΔΟΣ")).hex == "1eba365d4aae2732227333b18249e967")
        #expect(Hashing.md5(PythonLowercase.lowered("ΟΔΟΣ.")).hex == "e6c06c7ea4c47f07607949eb48e84967")
        #expect(Hashing.md5(PythonLowercase.lowered("ΣΑΣ ΛΕΞΗ")).hex == "78192d91b839a2408f43eccd3fa2f003")
        #expect(Hashing.md5(PythonLowercase.lowered("İstanbul")).hex == "d7078dc8185192b9aa3d4dcf8b057a8e")
    }

    @Test("a line shared by two pages stays only in the page whose URL has the smaller MD5")
    func sharedLineGoesToSmallestURLDigest() throws {
        // md5("http://b.example/") = 2d83… < md5("http://a.example/") = b30d…, so b keeps it
        // although a comes first in the corpus.
        let run = try LineMethodHarness.run(Self.noSentenceCheck, [
            TestPage(id: "a", url: "http://a.example/", text: "Shared line.\nOnly in a."),
            TestPage(id: "b", url: "http://b.example/", text: "Only in b.\nShared line."),
        ])
        #expect(run.kept == ["a": "Only in a.", "b": "Only in b.\nShared line."])
        #expect(run.details["lines/global_duplicate"] == 1)
        #expect(run.details["lines/kept"] == 3)
    }

    @Test("a repeated line within a page keeps its first copy")
    func localDuplicateKeepsFirstCopy() throws {
        let run = try LineMethodHarness.run(Self.noSentenceCheck, [
            TestPage(id: "p", url: "http://p.example/", text: "One.\nTwo.\nOne.\nThree.\nTwo."),
        ])
        #expect(run.kept == ["p": "One.\nTwo.\nThree."])
        #expect(run.details["lines/local_duplicate"] == 2)
    }

    @Test("lines differing only in case and surrounding whitespace are the same line")
    func caseAndWhitespaceVariantsShareAKey() throws {
        let run = try LineMethodHarness.run(Self.noSentenceCheck, [
            TestPage(id: "p", url: "http://p.example/", text: "  The Same LINE.\t\nthe same line.\n\u{3000}THE SAME LINE.\u{A0}\nOther."),
        ])
        // The first copy stays as it was: kept lines are not stripped.
        #expect(run.kept == ["p": "  The Same LINE.\t\nOther."])
    }

    @Test("lines are split at LF only; a CR before it is whitespace of the line and stays in the text")
    func carriageReturnsStayInLines() throws {
        let run = try LineMethodHarness.run(Self.noSentenceCheck, [
            TestPage(id: "p", url: "http://p.example/", text: "First.\r\nfirst.\nSecond.\u{2028}Still second.\r\n"),
        ])
        #expect(run.kept == ["p": "First.\r\nSecond.\u{2028}Still second.\r\n"])
    }

    @Test("a page left with no lines is removed as empty, naming no duplicate")
    func emptiedPageIsRemoved() throws {
        // md5("http://b.example/") < md5("http://a.example/"): a loses both lines.
        let run = try LineMethodHarness.run(Self.noSentenceCheck, [
            TestPage(id: "a", url: "http://a.example/", text: "Line one.\nLine two."),
            TestPage(id: "b", url: "http://b.example/", text: "line one.\nLINE TWO.\nMore."),
        ])
        #expect(run.removed == ["a": "lines_empty"])
        #expect(run.namedDuplicates.isEmpty)
        #expect(run.kept == ["b": "line one.\nLINE TWO.\nMore."])
    }

    @Test("a page left with fewer than 3 Punkt sentences is removed")
    func tooFewSentencesIsRemoved() throws {
        let method = C4LineDedup(punkt: Self.punkt)
        let run = try LineMethodHarness.run(method, [
            TestPage(id: "a", url: "http://a.example/",
                     text: "The first sentence is here.\nThe second one follows it.\nA third sentence is shared."),
            TestPage(id: "b", url: "http://b.example/",
                     text: "A third sentence is shared.\nPage b has one. And two. And three."),
        ])
        #expect(run.removed == ["a": "lines_too_few_sentences"])
        #expect(run.kept == ["b": "A third sentence is shared.\nPage b has one. And two. And three."])
    }

    @Test("two pages with the same URL tie, and the first in corpus order keeps the line")
    func sameURLTiesGoToCorpusOrder() throws {
        let run = try LineMethodHarness.run(Self.noSentenceCheck, [
            TestPage(id: "first", url: "http://same.example/", text: "Shared.\nMine."),
            TestPage(id: "second", url: "http://same.example/", text: "Shared.\nAlso mine."),
        ], files: 2)
        #expect(run.kept == ["first": "Shared.\nMine.", "second": "Also mine."])
    }

    @Test("a page without a URL, or with an empty one, is ranked by the MD5 of its id")
    func missingURLUsesTheID() throws {
        // md5 digests: "http://c.example/15" 0dc8… < "http://b.example/" 2d83… < "http://a.example/" b30d….
        let run = try LineMethodHarness.run(Self.noSentenceCheck, [
            TestPage(id: "x", url: "http://a.example/", text: "Shared.\nAlso shared.\nX."),
            TestPage(id: "http://b.example/", url: nil, text: "Shared.\nAlso shared.\nY."),
            TestPage(id: "http://c.example/15", url: "", text: "Also shared.\nZ."),
        ])
        #expect(run.kept == ["x": "X.", "http://b.example/": "Shared.\nY.", "http://c.example/15": "Also shared.\nZ."])
    }

    @Test("the outcome is the same however the corpus is split into files, partitions and threads")
    func outcomeIndependentOfLayout() throws {
        var pages: [TestPage] = []
        for page in 0..<40 {
            let lines = (0..<6).map { "Line \(($0 * 7 + page * 3) % 25) here." }
            pages.append(TestPage(id: "p\(page)", url: "http://site.example/\(page)", text: lines.joined(separator: "\n")))
        }
        let base = try LineMethodHarness.run(Self.noSentenceCheck, pages)
        #expect(base.details["lines/global_duplicate"] > 0)
        for (files, partitions, workers) in [(3, 1, 2), (7, 13, 3), (40, 64, 1)] {
            let other = try LineMethodHarness.run(Self.noSentenceCheck, pages, files: files, partitions: partitions,
                                                  workers: workers, memoryBytes: 1 << 16)
            #expect(other.kept == base.kept && other.removed == base.removed && other.details == base.details)
        }
    }

    @Test("the registry refuses lines without a Punkt folder and reports an unreadable one")
    func registryChecksThePunktFolder() {
        #expect(throws: DedupError.self) { try DedupMethodName.lines.make(DedupMethodOptions()) }
        var options = DedupMethodOptions()
        options.punktDirectory = "/nonexistent/punkt"
        do {
            _ = try DedupMethodName.lines.make(options)
            Issue.record("a missing Punkt folder was accepted")
        } catch {
            guard case .cannotRead(let path, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(path.hasPrefix("/nonexistent/punkt"))
        }
        options.punktDirectory = LineMethodHarness.filtersDirectory + "/punkt-english"
        #expect((try? DedupMethodName.lines.make(options))?.name == "lines")
    }
}
