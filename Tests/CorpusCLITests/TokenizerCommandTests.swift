import CorpusTestSupport
import Foundation
import Testing

/// The quality filters' golden fixture: 240 documents of real text as JSONL.
let tokenizerTrainingInput = Repository.root + "/Tests/CorpusFiltersTests/Fixtures/quality_golden.jsonl"

/// Trains a small model with `corpus tokenizer train` into `directory`, returning the run.
func trainTokenizer(in directory: String, name: String = "tok", _ extra: [String] = []) throws -> Run {
    try corpus(["tokenizer", "train", tokenizerTrainingInput, "--vocab-size", "600", "--character-coverage", "0.98",
                "--threads", "2", "-o", "\(directory)/\(name).model"] + extra)
}

@Suite("corpus tokenizer command")
struct TokenizerCommandTests {
    let directory = Fixtures.temporaryDirectory()

    @Test("trains a T5 model from JSONL, writes .model and .vocab, and reports the sample and the ids")
    func trainsAndReports() throws {
        let run = try trainTokenizer(in: directory, ["--special", "t5", "--bos", "--input-sentence-size", "2000", "--seed", "5"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("sampled 2,000 of "))
        #expect(run.stderr.contains("trained in "))
        #expect(run.stderr.contains("special ids: <pad> 0, </s> 1, <unk> 2, <s> 3, <extra_id_0..99> 599..500"))
        #expect(FileManager.default.fileExists(atPath: directory + "/tok.vocab"))

        let info = try corpus(["tokenizer", "info", directory + "/tok.model"])
        #expect(info.status == 0)
        #expect(info.stdout.contains("type: unigram"))
        #expect(info.stdout.contains("vocabulary: 600 ids"))

        let encoded = try corpus(["tokenizer", "encode", directory + "/tok.model", "--text", "the module", "--jsonl"])
        #expect(encoded.status == 0)
        #expect(encoded.stdout.hasPrefix(#"{"text": "the module", "ids": ["#))
    }

    @Test("the same seed gives the same model file; gzip-compressed input reads the same as plain")
    func deterministicAndCompressed() throws {
        let plain = try trainTokenizer(in: directory, name: "a", ["--model-type", "bpe", "--quiet"])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: tokenizerTrainingInput))
        let gzipped = Fixtures.write(Fixtures.gzip(Array(bytes)), to: "in.jsonl.gz", in: directory)
        let compressed = try corpus(["tokenizer", "train", gzipped, "--vocab-size", "600", "--character-coverage", "0.98",
                                     "--threads", "2", "-o", "\(directory)/b.model", "--model-type", "bpe", "--quiet"])
        #expect(plain.status == 0 && compressed.status == 0, "\(compressed.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/a.model")) == Data(contentsOf: URL(fileURLWithPath: directory + "/b.model")))
    }

    @Test("a bad setting exits 64 before any input is read, naming the option")
    func badUsage() throws {
        let run = try corpus(["tokenizer", "train", "/nonexistent/in.jsonl", "--vocab-size", "50", "--special", "t5", "-o", directory + "/x.model"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--vocab-size"))
        let coverage = try corpus(["tokenizer", "train", "/nonexistent/in.jsonl", "--vocab-size", "500", "--character-coverage", "1.5",
                                   "-o", directory + "/x.model"])
        #expect(coverage.status == 64 && coverage.stderr.contains("--character-coverage"))
    }

    @Test("a missing input or model exits 66; a file that is not a model exits 65")
    func missingFiles() throws {
        let run = try corpus(["tokenizer", "train", "/nonexistent/in.jsonl", "--vocab-size", "500", "-o", directory + "/x.model"])
        #expect(run.status == 66)
        #expect(try corpus(["tokenizer", "info", "/nonexistent/tok.model"]).status == 66)
        let garbage = Fixtures.write(Array("not a model".utf8), to: "bad.model", in: directory)
        #expect(try corpus(["tokenizer", "encode", garbage, "--text", "x"]).status == 65)
    }

    @Test("input with nothing to train on exits 65 and writes nothing; an unwritable output exits 73")
    func emptyInputAndUnwritableOutput() throws {
        let empty = Fixtures.write(Array("\n\n".utf8), to: "empty.txt", in: directory)
        let run = try corpus(["tokenizer", "train", empty, "--vocab-size", "500", "-o", directory + "/e.model"])
        #expect(run.status == 65, "\(run.stderr)")
        #expect(run.stderr.contains("nothing to train on"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/e.model"))
        let blocked = Fixtures.write(Array("a file".utf8), to: "blocked", in: directory)
        let unwritable = try corpus(["tokenizer", "train", tokenizerTrainingInput, "--vocab-size", "500", "-o", blocked + "/tok.model"])
        #expect(unwritable.status == 73, "\(unwritable.stderr)")
    }
}
