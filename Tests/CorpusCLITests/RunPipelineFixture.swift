import CorpusReport
import Foundation
import Testing

/// A small pipeline over generated English-like JSONL (three files, with repeated URLs and
/// texts for dedup), big enough that `corpus run` takes a second or two in a debug build, so a
/// kill can land inside any stage.
struct PipelineFixture {
    let directory: URL
    var config: String { directory.appending(path: "pipeline.yaml").path }

    static let yaml = """
        version: 1
        name: fixture
        seed: 7
        stages:
          - {type: read, inputs: [in0.jsonl, in1.jsonl, in2.jsonl]}
          - {type: clean, preset: gopher}
          - {type: dedup, methods: [url, exact]}
          - {type: tokenizer, vocab_size: 200, threads: 1}
          - {type: shard, block_tokens: 4096, shard_tokens: 32768, validation_fraction: 0.1}

        """

    /// The same pipeline ending in a very small ELECTRA: 48 steps, a checkpoint (one task) every 12.
    static let pretrainingYAML = yaml
        .replacingOccurrences(of: "{type: tokenizer, vocab_size: 200, threads: 1}",
                              with: "{type: tokenizer, vocab_size: 200, threads: 1, special: electra}")
        + """
          - type: pretrain
            objective: rtd
            preset: electra-tiny
            model: {embedding: 16, discriminator: {hidden: 32, layers: 1, heads: 2, feed_forward: 64}}
            data: {sequence_length: 64}
            training: {batch_size: 4, steps: 48, warmup_steps: 4, learning_rate: 1.0e-3}
            run: {log_every: 4, evaluate_every: 24, checkpoint_every: 12, evaluation_batches: 2}

        """

    init(documentsPerFile: Int = 500, yaml: String = Self.yaml) throws {
        directory = FileManager.default.temporaryDirectory.appending(path: "corpus-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try yaml.write(to: directory.appending(path: "pipeline.yaml"), atomically: true, encoding: .utf8)
        var random = SplitMix(state: 12345)
        for file in 0..<3 {
            var lines: [String] = []
            for index in 0..<documentsPerFile {
                var text: [String] = []
                for _ in 0..<6 {
                    let count = 8 + Int(random.next() % 12)
                    let sentence = (0..<count).map { _ in Self.words[Int(random.next() % UInt64(Self.words.count))] }.joined(separator: " ")
                    text.append(sentence.prefix(1).uppercased() + sentence.dropFirst() + ".")
                }
                // Every 20th document repeats an earlier one's text; URLs repeat across files.
                let body = index % 20 == 19 ? "Repeated page.\n" + Self.words.joined(separator: " ") + "." : text.joined(separator: "\n")
                let record: [String: String] = ["id": "doc-\(file)-\(index)", "text": body, "url": "https://example.com/\(index % (documentsPerFile - 30))"]
                let data = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
                lines.append(String(decoding: data, as: UTF8.self))
            }
            try (lines.joined(separator: "\n") + "\n").write(to: directory.appending(path: "in\(file).jsonl"), atomically: true, encoding: .utf8)
        }
    }

    func runDirectory(_ name: String) -> String { directory.appending(path: name).path }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    private static let words = """
        the be to of and a in that have it for not on with he as you do at this but his by from they we say her she or an will \
        my one all would there their what so up out if about who get which go me when make can like time no just him know take \
        people into year your good some could them see other than then now look only come its over think also back after use \
        two how our work first well way even new want because any these give day most us
        """.split(separator: " ").map(String.init)
}

/// A small deterministic generator (SplitMix64).
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Every file under `root` (relative path → bytes), completion markers left out (they hold
/// timings); `stats.json` and `metrics.jsonl` with their timings and throughputs zeroed; `report.html`, rendered from it with the timings,
/// is replaced by the page rendered from the zeroed statistics.
func runFiles(_ root: String) throws -> [String: [UInt8]] {
    var files: [String: [UInt8]] = [:]
    guard let enumerator = FileManager.default.enumerator(atPath: root) else { return files }
    while let relative = enumerator.nextObject() as? String {
        let path = root + "/" + relative
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
        if relative.contains(".done/") || relative == "report.html" { continue }
        var bytes = Array(try Data(contentsOf: URL(filePath: path)))
        if relative == "stats.json" {
            var statistics = try JSONDecoder().decode(RunStatistics.self, from: Data(bytes))
            for index in statistics.stages.indices {
                statistics.stages[index].seconds = 0
                statistics.stages[index].tokenizer?.trainingSeconds = 0
                if let rates = statistics.stages[index].training?.series["tokens_per_second"] {
                    statistics.stages[index].training?.series["tokens_per_second"] = rates.map { _ in 0 }
                }
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            bytes = Array(try encoder.encode(statistics))
            files["report.html (from the zeroed statistics)"] = Array(ReportPage.html(statistics).utf8)
        }
        if relative.hasSuffix("metrics.jsonl") {
            bytes = Array(String(decoding: bytes, as: UTF8.self)
                .replacing(/"tokens_per_second": [0-9.e+]+/, with: "\"tokens_per_second\": 0").utf8)
        }
        files[relative] = bytes
    }
    return files
}

/// Expects the two run folders to hold the same files with the same bytes.
func expectSameRun(_ expected: [String: [UInt8]], _ actual: [String: [UInt8]], _ label: String) {
    #expect(expected.keys.sorted() == actual.keys.sorted(), "\(label): different files")
    for (name, bytes) in expected where actual[name] != bytes {
        Issue.record("\(label): \(name) differs")
    }
}

/// Starts `corpus ARGS` with its output discarded.
func startCorpus(_ arguments: [String]) throws -> Process {
    let process = Process()
    process.executableURL = URL(filePath: binary)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
}
