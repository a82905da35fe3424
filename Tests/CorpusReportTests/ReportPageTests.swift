import CorpusReport
import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

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

    @Test("the page is well-formed XML, even with hostile sample text, so every element is closed and nested")
    func wellFormedXML() throws {
        var statistics = try fixture()
        statistics.stages[1].drops[0].samples = [DroppedSample(id: "a&b", url: "https://x.example/?q=<1>", text: "</pre><div> \u{0B} \u{FFFE} ]]>")]
        let page = ReportPage.html(statistics)
        let parser = XMLParser(data: Data(page.utf8))
        let elements = ElementCounter()
        parser.delegate = elements
        #expect(parser.parse(), "\(parser.parserError.map(String.init(describing:)) ?? "") at line \(parser.lineNumber)")
        #expect(elements.counts["svg", default: 0] >= 8 && elements.counts["section", default: 0] == sectionIDs.count)
    }

    @Test("the flow charts leave out training stages, whose table row shows dashes, and a note counts records that were never documents")
    func flowSection() throws {
        var statistics = try fixture()
        statistics.stages[0].recordsSkipped = ["request_record": 213, "metadata_record": 212, "warcinfo_record": 3]
        let page = ReportPage.html(statistics)
        let flow = String(page[page.range(of: "<section id=\"flow\">")!.lowerBound..<page.range(of: "<section id=\"drops\">")!.lowerBound])
        let training = statistics.stages.filter { $0.training != nil }.map(\.name)
        #expect(!training.isEmpty)
        for name in training {
            #expect(!flow.contains(">\(name)</text>"), "\(name) is drawn in a flow chart")
            #expect(flow.contains("<th>\(name)</th><td>pretrain</td>") && flow.contains("<td class=\"num\">—</td>"))
        }
        #expect(flow.contains("428 input records that are not documents (213 request record, 212 metadata record, 3 warcinfo record)"), "\(flow)")
        #expect(flow.contains("<figure><figcaption>Documents</figcaption><svg"), "captions stand above their charts")
    }
}

/// Counts the elements an XML parse meets, by name.
private final class ElementCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        counts[name, default: 0] += 1
    }
}
