import CorpusTestSupport
import Foundation
import Testing

@Suite("corpus report command")
struct ReportCommandTests {
    let directory = Fixtures.temporaryDirectory()

    @Test("renders stats.json of a run folder into report.html and prints its path")
    func renders() throws {
        let stats = Repository.root + "/Tests/CorpusReportTests/Fixtures/stats.json"
        try FileManager.default.copyItem(atPath: stats, toPath: directory + "/stats.json")
        let run = try corpus(["report", directory])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains(directory + "/report.html"))
        let page = try String(contentsOfFile: directory + "/report.html", encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("id=\"training\""))
    }

    @Test("a folder without stats.json exits 66; stats.json that is not run statistics exits 65, naming the file")
    func exitCodes() throws {
        #expect(try corpus(["report", directory]).status == 66)
        _ = Fixtures.write(Array("{\"version\": 1}".utf8), to: "stats.json", in: directory)
        let bad = try corpus(["report", directory])
        #expect(bad.status == 65 && bad.stderr.contains("stats.json"), "\(bad.stderr)")
    }

    @Test("a report.html that cannot be written exits 73, naming it, and leaves what was there")
    func cannotWrite() throws {
        let stats = Repository.root + "/Tests/CorpusReportTests/Fixtures/stats.json"
        try FileManager.default.copyItem(atPath: stats, toPath: directory + "/stats.json")
        // A non-empty folder in the report's place: no file can be renamed over it.
        try FileManager.default.createDirectory(atPath: directory + "/report.html/kept", withIntermediateDirectories: true)
        let run = try corpus(["report", directory])
        #expect(run.status == 73 && run.stderr.contains("report.html: cannot write the report"), "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory + "/report.html/kept"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains(".tmp") }
        #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
    }
}
