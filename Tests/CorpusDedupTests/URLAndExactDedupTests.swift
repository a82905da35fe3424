import CorpusCore
import CorpusDedup
import CorpusTestSupport
import Foundation
import Testing

@Suite("URL and exact dedup")
struct URLAndExactDedupTests {
    let directory = Fixtures.temporaryDirectory()

    /// Inputs and outputs of tensorflow-datasets 4.9.10 `c4_utils.normalize_url`, run here.
    static let referenceURLs: [(String, String)] = [
        ("https://www.example.com/a/b/", "example.com/a/b"),
        ("http://example.com", "example.com"),
        ("http://www.www.example.com/x?utm_source=tw", "www.example.com/x"),
        ("https://example.com/p?ref=home&x=1", "example.com/p"),
        ("https://example.com/p?id=3&ref=x", "example.com/p?id=3&ref=x"),
        ("https://example.com/feed?feed=rss", "example.com/feed"),
        ("http://a.com/redirect?u=https://www.b.com/c//", "a.com/redirect?u=b.com/c"),
        ("HTTPS://WWW.Example.com/", "HTTPS://WWW.Example.com"),
        ("https://example.com/?refresh=1", "example.com"),
        ("https://example.com/path?utm_", "example.com/path"),
        ("https://blog.example.org/2019/04/post.html?feedback=1", "blog.example.org/2019/04/post.html"),
        ("ftp://www.example.com/", "ftp://www.example.com"),
        ("https://example.com////", "example.com"),
        ("https://www.example.com/ünïcødé/?utm_x=1\nnext?ref", "example.com/ünïcødé/\nnext"),
        ("httpss://www.x.com", "httpss://www.x.com"),
    ]

    @Test("normalizes URLs exactly as C4's normalize_url", arguments: referenceURLs)
    func normalizesLikeC4(url: String, expected: String) {
        #expect(URLDedup.normalize(url) == expected)
    }

    @Test("keeps the newest page of a URL, and the first of equally new ones")
    func newestPageWins() throws {
        let files = DedupHarness.write([
            ("a", "old copy", "https://www.site.com/page/", "2019-01-01T00:00:00Z"),
            ("b", "new copy", "http://site.com/page", "2019-03-01T00:00:00Z"),
            ("c", "other page", "https://site.com/other", "2019-02-01T00:00:00Z"),
            ("d", "same date as b", "site.com/page?utm_source=x", "2019-03-01T00:00:00Z"),
            ("e", "no url", nil, nil),
        ], in: directory)
        let result = try DedupHarness.run([URLDedup()], files: files, work: directory + "/work")
        #expect(result.keptIDs == ["b", "c", "e"])
        #expect(result.removed.map(\.id) == ["a", "d"])
        #expect(result.removed.allSatisfy { $0.reason == "duplicate_url" && $0.duplicateOf == "b" })
    }

    @Test("removes later copies of a text up to case, digits and punctuation, naming the first")
    func exactCopies() throws {
        let files = DedupHarness.write([
            ("one", "The year 2019 was long.", nil, nil),
            ("two", "Something else entirely.", nil, nil),
            ("three", "the YEAR 1987, was long", nil, nil),
            ("four", "The year 2019 was longer.", nil, nil),
        ], perFile: 2, in: directory)
        let result = try DedupHarness.run([ExactDedup()], files: files, work: directory + "/work")
        #expect(result.keptIDs == ["one", "two", "four"])
        #expect(result.removed.map(\.id) == ["three"])
        #expect(result.removed.first?.duplicateOf == "one")
        #expect(result.report.contains(#""cluster_sizes":{"2":1}"#))
    }

    /// A corpus with many exact and URL duplicates over several files.
    func duplicateHeavyCorpus() -> [String] {
        var random = SplitMix64(seed: 11)
        var documents: [(id: String, text: String, url: String?, date: String?)] = []
        for index in 0..<400 {
            let words = ["alpha", "beta", "gamma", "delta", "eps", "zeta", "eta", "theta"]
            let text = "text " + (0..<3).map { _ in words[Int(random.next() % 8)] }.joined(separator: " ")
            let url = "https://www.example.org/page\(random.next() % 150)/"
            documents.append(("doc\(index)", text, url, "2019-0\(1 + random.next() % 9)-01"))
        }
        return DedupHarness.write(documents, perFile: 37, in: directory)
    }

    @Test("gives identical output with a tiny memory budget (many spills) and a large one, with any worker count")
    func memoryBudgetDoesNotChangeOutput() throws {
        let files = duplicateHeavyCorpus()
        let methods: [any DedupMethod] = [URLDedup(), ExactDedup()]
        let large = try DedupHarness.run(methods, files: files, work: directory + "/large")
        let tiny = try DedupHarness.run(methods, files: files, memory: 1 << 16, workers: 3, partitions: 7, work: directory + "/tiny")
        #expect(large.kept.count > 20 && large.kept.count < 300)
        #expect(tiny.kept == large.kept)
        #expect(tiny.removed.elementsEqual(large.removed) { $0 == $1 })
        let runs = try FileManager.default.contentsOfDirectory(atPath: directory + "/tiny/step0-url/signatures")
        #expect(runs.count >= 1)
    }

    @Test("gives the same documents when signatures come from several ranks and a reduce combines them")
    func ranksCombine() throws {
        let files = duplicateHeavyCorpus()
        let methods: [any DedupMethod] = [URLDedup(), ExactDedup()]
        let single = try DedupHarness.run(methods, files: files, work: directory + "/single")
        let ranked = try DedupHarness.runRanked(methods, files: files, worldSize: 3, work: directory + "/ranked")
        #expect(ranked.kept == single.kept)
        #expect(ranked.removed.elementsEqual(single.removed) { $0 == $1 })
    }

    @Test("refuses the filter pass before the reduce pass, naming the folder")
    func filterNeedsReduce() throws {
        let files = DedupHarness.write([("a", "text", nil, nil)], in: directory)
        let settings = DedupSettings(workDirectory: directory + "/unreduced", memoryBytes: 1 << 20)
        #expect(throws: DedupError.self) {
            _ = try DedupPasses.filter(methods: [ExactDedup()], input: DedupInput(files: files, options: .init()), settings: settings,
                                       keep: { _ in }, remove: { _, _, _, _ in })
        }
    }
}
