import CorpusShards
import CorpusTestSupport
import CorpusTokenizer
import Foundation
import Testing

@Suite("corpus shard command")
struct ShardCommandTests {
    let directory = Fixtures.temporaryDirectory()

    /// A trained model in the test folder (electra preset: eos is id 1).
    private func model() throws -> String {
        let run = try trainTokenizer(in: directory, ["--special", "electra", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        return directory + "/tok.model"
    }

    private func shard(_ model: String, to name: String, _ extra: [String] = []) throws -> Run {
        try corpus(["shard", tokenizerTrainingInput, "--tokenizer", model, "-o", "\(directory)/\(name)", "--quiet"] + extra)
    }

    @Test("every document comes back as its encoding followed by eos, in input order, and the dataset verifies")
    func documentsRoundTrip() throws {
        let model = try model()
        let run = try shard(model, to: "ds", ["--block-tokens", "512", "--shard-tokens", "4096"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("documents") && run.stderr.contains("tokens"))

        let tokenizer = try SentencePieceTokenizer(modelFile: model)
        let texts = try lines(tokenizerTrainingInput).map { line in
            try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["text"] as! String
        }.filter { !$0.isEmpty }
        let dataset = try TokenDataset(directory: directory + "/ds")
        #expect(dataset.manifest.tokenizerSHA256 == tokenizer.modelHash)
        #expect(dataset.shards(of: .train).count > 1, "small shards roll over")
        var stored: [[UInt32]] = []
        for shard in dataset.shards(of: .train) {
            let reader = try dataset.open(shard)
            for index in 0..<reader.documentCount { stored.append(try reader.document(index)) }
        }
        #expect(stored.count == texts.count)
        for (ids, text) in zip(stored, texts) {
            #expect(ids == (try tokenizer.encode(text)) + [1])
        }
        let verify = try corpus(["shards", "verify", directory + "/ds"])
        #expect(verify.status == 0, "\(verify.stderr)")
        let copied = try Data(contentsOf: URL(fileURLWithPath: directory + "/ds/tokenizer.model"))
        #expect(copied == (try Data(contentsOf: URL(fileURLWithPath: model))))
    }

    @Test("the dataset is byte-identical for 1 and 3 workers and any batch size")
    func deterministicAcrossWorkers() throws {
        let model = try model()
        let one = try shard(model, to: "w1", ["--workers", "1", "--validation-fraction", "0.2"])
        let three = try shard(model, to: "w3", ["--workers", "3", "--batch-size", "7", "--validation-fraction", "0.2"])
        #expect(one.status == 0 && three.status == 0, "\(three.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory + "/w1").sorted()
        #expect(files.contains("manifest.json") && files.contains("validation-00000.shard"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/w3").sorted() == files)
        for file in files {
            let a = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/w1/\(file)"))
            let b = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/w3/\(file)"))
            #expect(a == b, "\(file) differs")
        }
    }

    @Test("inspect decodes the first documents back to text with the dataset's tokenizer")
    func inspectDecodes() throws {
        let model = try model()
        #expect(try shard(model, to: "ds").status == 0)
        let inspect = try corpus(["shards", "inspect", directory + "/ds", "--documents", "2"])
        #expect(inspect.status == 0, "\(inspect.stderr)")
        let first = try #require(try lines(tokenizerTrainingInput).first)
        let text = try #require(JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])["text"] as! String
        let words = text.split(separator: " ").prefix(3).joined(separator: " ")
        #expect(inspect.stdout.contains("  text: " + words), "\(inspect.stdout)")
    }

    @Test("a missing tokenizer or input exits 66, a file that is not a model 65, an impossible setting 64")
    func exitCodes() throws {
        let model = try model()
        #expect(try corpus(["shard", tokenizerTrainingInput, "--tokenizer", directory + "/none.model", "-o", directory + "/x"]).status == 66)
        #expect(try corpus(["shard", directory + "/none.jsonl", "--tokenizer", model, "-o", directory + "/x"]).status == 66)
        let notModel = Fixtures.write(Array("not a model".utf8), to: "bad.model", in: directory)
        let bad = try corpus(["shard", tokenizerTrainingInput, "--tokenizer", notModel, "-o", directory + "/x"])
        #expect(bad.status == 65 && bad.stderr.contains("bad.model"), "\(bad.stderr)")
        let usage = try shard(model, to: "x", ["--validation-fraction", "1.5"])
        #expect(usage.status == 64 && usage.stderr.contains("validation fraction"), "\(usage.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/x/manifest.json"))
    }
}
