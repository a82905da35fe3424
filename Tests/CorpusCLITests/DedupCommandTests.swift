import CorpusTestSupport
import Foundation
import Testing

@Suite("corpus dedup command")
struct DedupCommandTests {
    let directory = Fixtures.temporaryDirectory()

    private func input() -> String {
        let words = ["river", "stone", "cloud", "field", "light", "metal", "paper", "glass"]
        var random = SplitMix64(seed: 3)
        let records = (0..<300).map { index -> String in
            let text = (0..<3).map { _ in words[Int(random.next() % 8)] }.joined(separator: " ")
            return #"{"id": "d\#(index)", "text": "\#(text)", "url": "https://www.site.example/p\#(random.next() % 120)/", "date": "2020-0\#(1 + random.next() % 9)-01"}"#
        }
        return Fixtures.write(Array((records.joined(separator: "\n") + "\n").utf8), to: "in.jsonl", in: directory)
    }

    private func dedup(_ source: String, _ name: String, _ extra: [String]) throws -> Run {
        try corpus(["dedup", source, "--method", "url,exact", "-o", "\(directory)/\(name).jsonl", "--removed", "\(directory)/\(name).removed.jsonl",
                    "--stats", "\(directory)/\(name).stats.json", "--quiet"] + extra)
    }

    @Test("writes kept documents, removal records naming the kept copy, and statistics; leaves no work folder")
    func writesOutputs() throws {
        let run = try dedup(input(), "out", [])
        #expect(run.status == 0, "\(run.stderr)")
        let kept = try lines(directory + "/out.jsonl")
        let removed = try lines(directory + "/out.removed.jsonl")
        #expect(kept.count + removed.count == 300)
        #expect(removed.contains { $0.contains(#""method":"url","reason":"duplicate_url","duplicate_of":"d"#) })
        #expect(removed.contains { $0.contains(#""method":"exact","reason":"exact_duplicate","duplicate_of":"d"#) })
        let stats = try String(contentsOfFile: directory + "/out.stats.json", encoding: .utf8)
        #expect(stats.contains(#""documents_out":\#(kept.count)"#))
        #expect(stats.contains(#""largest_clusters":[{"size":"#))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains(".work") }
        #expect(leftovers.isEmpty)
        #expect(run.stderr.contains("url      removed duplicate_url"))
    }

    @Test("gives byte-identical output with a 64KB budget and 3 workers as with 1GB and 1 worker")
    func budgetAndWorkersDoNotChangeBytes() throws {
        let source = input()
        #expect(try dedup(source, "big", ["--memory", "1GB", "--workers", "1"]).status == 0)
        #expect(try dedup(source, "small", ["--memory", "64KB", "--workers", "3", "--batch-size", "5"]).status == 0)
        for suffix in [".jsonl", ".removed.jsonl"] {
            #expect(try lines("\(directory)/big\(suffix)") == lines("\(directory)/small\(suffix)"))
        }
    }

    @Test("runs as phases over two ranks and gives what one process gives")
    func phasesOverRanks() throws {
        let source = input()
        #expect(try dedup(source, "one", []).status == 0)
        let work = directory + "/work"
        let common = [source, "--method", "url,exact", "--work-dir", work, "--quiet"]
        for step in ["0", "1"] {
            for rank in ["0", "1"] {
                let run = try corpus(["dedup"] + common + ["--phase", "signatures", "--step", step, "--rank", rank, "--world-size", "2"])
                #expect(run.status == 0, "\(run.stderr)")
            }
            #expect(try corpus(["dedup"] + common + ["--phase", "reduce", "--step", step]).status == 0)
        }
        let run = try corpus(["dedup"] + common + ["--phase", "filter", "-o", directory + "/ranked.jsonl"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try lines(directory + "/ranked.jsonl") == lines(directory + "/one.jsonl"))
    }

    @Test("refuses an unknown method, a bad memory size and a phase without a work folder with exit 64")
    func refusesBadOptions() throws {
        let source = input()
        for extra in [["--method", "fuzzy"], ["--method", "exact", "--memory", "lots"], ["--method", "exact", "--phase", "reduce"],
                      ["--method", "exact", "--world-size", "2"], ["--method", "minhash", "--minhash-bands", "0"],
                      ["--method", "paragraphs", "--paragraph-min-length", "-1"]] {
            let run = try corpus(["dedup", source, "-o", directory + "/x.jsonl"] + extra)
            #expect(run.status == 64, "\(extra): \(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/x.jsonl"))
    }

    @Test("exits 66 when the reduce pass finds no signatures")
    func reduceWithoutSignatures() throws {
        let run = try corpus(["dedup", input(), "--method", "exact", "--phase", "reduce", "--work-dir", directory + "/empty-work"])
        #expect(run.status == 66, "\(run.stderr)")
        #expect(run.stderr.contains("run the signature pass"))
    }
}
