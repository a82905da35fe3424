import CorpusReport
import Foundation
import Testing

/// The hand-composed but plausible statistics of a run from read to pretrain.
private func fixture() throws -> RunStatistics {
    let url = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Fixtures/stats.json")
    return try JSONDecoder().decode(RunStatistics.self, from: Data(contentsOf: url))
}

private let sectionIDs = ["flow", "drops", "languages", "lengths", "clusters", "tokenizer", "shards", "training"]

@Suite("report.html")
struct ReportPageTests {
    @Test("a run with every kind of statistics gets every section, and every chart is closed")
    func everySection() throws {
        let page = ReportPage.html(try fixture())
        for id in sectionIDs { #expect(page.contains("id=\"\(id)\""), "section \(id)") }
        #expect(page.components(separatedBy: "<svg").count == page.components(separatedBy: "</svg>").count)
        #expect(page.components(separatedBy: "<details").count == page.components(separatedBy: "</details>").count)
        // Self-contained: no scripts, nothing loaded from elsewhere (the only URLs are the SVG
        // namespace and dropped documents' addresses shown as text).
        #expect(!page.contains("<script") && !page.contains("<link") && !page.contains("src=") && !page.contains("@import"))
    }

    @Test("a run of one read stage shows the flow and leaves out the sections it has no data for")
    func onlyWhatExists() {
        var statistics = RunStatistics(pipeline: "tiny", configPath: "Pipelines/tiny.yaml", seed: 1)
        statistics.stages = [StageStatistics(name: "read", type: "read", seconds: 0.5,
                                             flow: Flow(documentsIn: 10, documentsOut: 8, bytesIn: 1_000, bytesOut: 800))]
        let page = ReportPage.html(statistics)
        #expect(page.contains("id=\"flow\""))
        for id in sectionIDs.dropFirst() { #expect(!page.contains("id=\"\(id)\""), "section \(id) has no data") }
    }

    @Test("document text, ids and names are escaped: a sample holding markup cannot inject it")
    func escaping() throws {
        var statistics = try fixture()
        let hostile = DroppedSample(id: "doc\"<1>", url: "https://x.example/?a=1&b=<2>", text: "<script>alert(1)</script> & 'quotes' \u{FFFD}")
        statistics.stages[1].drops[0].samples = [hostile]
        statistics.pipeline = "<b>pipeline</b>"
        let page = ReportPage.html(statistics)
        #expect(!page.contains("<script>alert(1)</script>") && page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp;"))
        #expect(!page.contains("<b>pipeline</b>") && page.contains("&lt;b&gt;pipeline&lt;/b&gt;"))
        #expect(!page.contains("a=1&b=<2>"))
    }

    @Test("the same statistics give the same bytes")
    func deterministic() throws {
        let statistics = try fixture()
        #expect(ReportPage.html(statistics) == ReportPage.html(statistics))
    }

    @Test("empty and degenerate data render without NaN or infinity: zero counts, one point, no documents")
    func degenerateData() {
        var stage = StageStatistics(name: "clean", type: "clean", seconds: 0, flow: Flow(documentsIn: 0, documentsOut: 0, bytesIn: 0, bytesOut: 0))
        stage.lengthsIn = Histogram.documentLengths()
        stage.lengthsOut = Histogram.documentLengths()
        stage.clusterSizes = [:]
        stage.languages = [:]
        stage.training = TrainingCurves(steps: [7], series: ["loss": [2.5], "empty": []])
        stage.drops = [RuleDrops(rule: "c4", reason: "lorem_ipsum", count: 0, samples: [])]
        var statistics = RunStatistics(pipeline: "edge", configPath: "edge.yaml", seed: 0)
        statistics.stages = [stage]
        let page = ReportPage.html(statistics)
        for bad in ["NaN", "nan\"", "inf\"", "Infinity"] { #expect(!page.contains(bad), "\(bad) in the page") }
    }
}
