import CorpusTestSupport
import Foundation
import Testing

@Suite("corpus clean command")
struct CleanCommandTests {
    let directory = Fixtures.temporaryDirectory()

    private func input(_ count: Int) -> String {
        let records = (0..<count).map { index -> String in
            let text = index % 3 == 0 ? String(repeating: "long text ", count: 20) : "Mail me at user\(index)@example.com today."
            return #"{"id": "d\#(index)", "text": "\#(text)", "url": "https://site\#(index % 4).example/"}"#
        }
        return Fixtures.write(Array((records.joined(separator: "\n") + "\n").utf8), to: "in.jsonl", in: directory)
    }

    private func preset(_ body: String) -> String {
        Fixtures.write(Array(("version: 1\nfilters:\n" + body).utf8), to: "preset.yaml", in: directory)
    }

    @Test("writes kept documents, dropped ones with filter and reason, and statistics")
    func writesAllThreeOutputs() throws {
        let source = input(30)
        let recipe = preset("  - c4_length: {max_characters: 100}\n  - url_blocklist: {domains: [site1.example]}\n  - pii: {}\n")
        let run = try corpus(["clean", source, "--preset", recipe, "-o", directory + "/kept.jsonl",
                              "--excluded", directory + "/excluded.jsonl", "--stats", directory + "/stats.json", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let kept = try lines(directory + "/kept.jsonl")
        let excluded = try lines(directory + "/excluded.jsonl")
        #expect(kept.count + excluded.count == 30)
        #expect(kept.allSatisfy { $0.contains("<EMAIL>") && !$0.contains("@example.com") })
        #expect(excluded.contains { $0.contains(#""filter":"c4_length","reason":"too_long""#) })
        #expect(excluded.contains { $0.contains(#""filter":"url_blocklist","reason":"blocked_domain""#) })
        let stats = try String(contentsOfFile: directory + "/stats.json", encoding: .utf8)
        #expect(stats.contains(#""documents_in": 30"#))
        #expect(stats.contains(#""documents_out": \#(kept.count)"#))
        #expect(stats.contains(#""emails": \#(kept.count)"#))
        #expect(run.stderr.contains("dropped c4_length/too_long"))
    }

    @Test("gives the same bytes whatever the number of workers")
    func outputDoesNotDependOnWorkers() throws {
        let source = input(200)
        let recipe = preset("  - c4_length: {max_characters: 100}\n  - language: {}\n  - pii: {}\n")
        var outputs: [Data] = []
        for workers in ["1", "2", "5"] {
            let out = directory + "/w\(workers).jsonl"
            let run = try corpus(["clean", source, "--preset", recipe, "-o", out, "--workers", workers, "--batch-size", "7", "--quiet"])
            #expect(run.status == 0, "\(run.stderr)")
            outputs.append(try Data(contentsOf: URL(filePath: out)))
        }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0] == outputs[2])
    }

    @Test("refuses a preset with an unknown key before reading or writing anything")
    func refusesBadPresetsEarly() throws {
        let recipe = preset("  - c4_length: {max_chars: 100}\n")
        let out = directory + "/never.jsonl"
        let run = try corpus(["clean", directory + "/missing.jsonl", "--preset", recipe, "-o", out])
        #expect(run.status == 64)
        #expect(run.stderr.contains("unknown key \"max_chars\""))
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
