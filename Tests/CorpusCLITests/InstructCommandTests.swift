import CorpusTestSupport
import Foundation
import Testing

@Suite("corpus instruct: refusals and a small run", .serialized)
struct InstructCommandTests {
    /// The finetune fixture's lines, with a held-out JSONL task asking "is this English?" with
    /// yes/no options on the dev lines.
    static func fixture() throws -> (f: (folder: String, train: String, dev: String, tokenizer: String, checkpoint: String), heldout: String) {
        let f = try FinetuneCommandTests.fixture()
        var lines: [String] = []
        for row in try String(contentsOfFile: f.dev, encoding: .utf8).split(separator: "\n").dropFirst() {
            let cells = row.split(separator: "\t")
            guard cells.count == 2 else { continue }
            let object: [String: Any] = ["inputs": "\(cells[0])\n\nIs this text in English?\n\nOPTIONS:\n- yes\n- no",
                                         "targets": cells[1] == "en" ? "yes" : "no", "options": ["yes", "no"], "task": "is-english"]
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
        }
        let heldout = f.folder + "/heldout.jsonl"
        try (lines.joined(separator: "\n") + "\n{\"inputs\": \"no options\", \"targets\": \"x\"}\n").write(toFile: heldout, atomically: true, encoding: .utf8)
        return (f, heldout)
    }

    @Test("bad usage exits 64, a missing input 66, a held-out file without options 65, an unwritable output 73")
    func refusals() throws {
        let (f, heldout) = try Self.fixture()
        let base = ["instruct", "--task-file", f.train, "--layout", "sst2", "--family", "language", "--checkpoint", f.folder + "/run",
                    "--tokenizer", f.tokenizer, "--epochs", "1"]
        #expect(try corpus(["instruct", "--heldout", heldout, "--checkpoint", f.checkpoint, "-o", f.folder + "/o"]).status == 64)
        #expect(try corpus(base + ["--heldout", heldout, "--family", "poetry", "-o", f.folder + "/o"]).status == 64)
        let missing = try corpus(base + ["--heldout", f.folder + "/nope.jsonl", "-o", f.folder + "/o"])
        #expect(missing.status == 66 && missing.stderr.contains("nope.jsonl: no such instruction JSONL file"))
        let bare = f.folder + "/bare.jsonl"
        try "{\"inputs\": \"a\", \"targets\": \"b\"}\n".write(toFile: bare, atomically: true, encoding: .utf8)
        let noOptions = try corpus(base + ["--heldout", bare, "-o", f.folder + "/o"])
        #expect(noOptions.status == 65 && noOptions.stderr.contains("line 1: no \"options\" to rank"))
        try "x".write(toFile: f.folder + "/file", atomically: true, encoding: .utf8)
        #expect(try corpus(base + ["--heldout", heldout, "-o", f.folder + "/file/out"]).status == 73)
    }

    @Test("a T5 checkpoint is tuned on a TSV task rendered through templates and scored on a JSONL held-out task, writing its three files")
    func smallRun() throws {
        let (f, heldout) = try Self.fixture()
        let output = f.folder + "/out", config = f.folder + "/instruct.yaml"
        try "max_input_length: 48\nmax_target_length: 8\nschedule: linear\n".write(toFile: config, atomically: true, encoding: .utf8)
        let run = try corpus(["instruct", "--config", config, "--task-file", f.train, "--layout", "sst2", "--family", "language", "--heldout", heldout,
                              "--checkpoint", f.folder + "/run", "--tokenizer", f.tokenizer, "--epochs", "2", "--batch-size", "16",
                              "--learning-rate", "3e-3", "--threads", "1", "-o", output])
        try #require(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("160 examples, 0 skipped (templates: language)") && run.stderr.contains("60 examples, 1 skipped"))
        #expect(run.stdout.contains("zero-shot") && run.stdout.contains("gain"))
        let results = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output + "/results.json"))) as! [String: Any]
        #expect(results["heldout_tasks"] as? [String] == ["is-english"] && (results["mixture"] as? [String: Int]) == ["train": 160])
        #expect((results["steps"] as? Int) == 20 && (results["epochs"] as? [Any])?.count == 2)
        let metrics = try String(contentsOfFile: output + "/metrics.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(metrics.count == 1 + 20 + 2)
        #expect(FileManager.default.fileExists(atPath: output + "/model.safetensors"))
    }
}
