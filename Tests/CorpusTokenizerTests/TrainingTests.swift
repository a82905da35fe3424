import CorpusTestSupport
import CorpusTokenizer
import Foundation
import Testing

@Suite("tokenizer training")
struct TrainingTests {
    @Test("unigram and BPE both train to exactly the asked vocabulary and say which they are",
          arguments: TokenizerModelType.allCases)
    func bothTypesTrain(type: TokenizerModelType) throws {
        let tokenizer = try TrainingText.model(TrainingText.config { $0.modelType = type }).tokenizer
        #expect(tokenizer.vocabSize == 400)
        #expect(tokenizer.modelType == type)
    }

    @Test("encoding then decoding gives the text back", arguments: TokenizerModelType.allCases)
    func roundTrip(type: TokenizerModelType) throws {
        let tokenizer = try TrainingText.model(TrainingText.config { $0.modelType = type }).tokenizer
        let text = "The type hints are documented in the module contents."
        let ids = try tokenizer.encode(text)
        #expect(!ids.isEmpty && ids.count < text.utf8.count / 2)
        #expect(ids.allSatisfy { $0 > 2 && $0 < 400 })
        #expect(try tokenizer.decode(ids) == text)
        #expect(try tokenizer.encode("") == [])
    }

    @Test("the same seed gives a byte-identical model; another seed draws another sample")
    func seedDeterminism() throws {
        let config = TrainingText.config { $0.inputSentenceSize = 1500; $0.seed = 7 }
        let first = try TokenizerTrainer(config: config).train(documents: TrainingText.documents)
        let again = try TokenizerTrainer(config: config).train(documents: TrainingText.documents)
        #expect(first.modelBytes == again.modelBytes)
        #expect(first.tokenizer.modelHash == again.tokenizer.modelHash)
        #expect(first.sampledLines == 1500 && first.sample.lines > 1500)

        var sampler = SentenceSampler(config: config)
        var other = SentenceSampler(config: TrainingText.config { $0.inputSentenceSize = 1500; $0.seed = 8 })
        for document in TrainingText.documents { sampler.add(document: document); other.add(document: document) }
        #expect(sampler.finish().lines != other.finish().lines)
    }

    @Test("byte fallback spells characters the vocabulary lacks as UTF-8 bytes, not <unk>")
    func byteFallback() throws {
        let text = "日本語 ☃"
        let bytes = try TrainingText.model(TrainingText.config(vocabSize: 700) { $0.byteFallback = true }).tokenizer
        let ids = try bytes.encode(text)
        #expect(!ids.contains(2))
        #expect(ids.filter { bytes.kind(of: $0) == .byte }.count == 12)
        #expect(try bytes.decode(ids) == text)
        let plain = try TrainingText.model(TrainingText.config()).tokenizer
        #expect(try plain.encode(text).contains(2))
    }

    @Test("input with no usable line is refused, saying what was read")
    func emptySample() throws {
        let trainer = try TokenizerTrainer(config: TrainingText.config { $0.maxSentenceLength = 10 })
        let error = #expect(throws: TokenizerError.self) {
            try trainer.train(documents: ["", "   \n\t\n", "this line is longer than ten bytes"])
        }
        #expect(error == .emptySample(documents: 3, lines: 1, tooLong: 1))
        #expect(error?.description.contains("--max-sentence-length") == true)
    }

    @Test("a vocabulary the sample cannot fill fails with a hint to lower it")
    func vocabularyTooLarge() throws {
        let trainer = try TokenizerTrainer(config: TrainingText.config(vocabSize: 5000))
        let error = #expect(throws: TokenizerError.self) {
            try trainer.train(documents: ["a small sample", "of two lines"])
        }
        #expect(error?.description.contains("lower --vocab-size") == true, "\(String(describing: error))")
    }

    @Test("writes the model and a vocab of piece and score per id; the hash is the file's SHA-256")
    func writesFiles() throws {
        let model = try TrainingText.model(TrainingText.config { $0.special = .t5 })
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try model.write(modelPath: directory + "/sub/tok.model")
        let loaded = try SentencePieceTokenizer(modelFile: directory + "/sub/tok.model")
        #expect(loaded.modelHash == model.tokenizer.modelHash)
        #expect(loaded.specialTokens == model.tokenizer.specialTokens)
        let vocab = try String(contentsOfFile: directory + "/sub/tok.vocab", encoding: .utf8).split(separator: "\n")
        #expect(vocab.count == 400)
        #expect(vocab.first == "<pad>\t0" && vocab.last == "<extra_id_0>\t0")
        #expect(vocab[3].split(separator: "\t").last.flatMap { Double($0) }.map { $0 < 0 } == true)

        let digest = try shell("/usr/bin/sha256sum", [directory + "/sub/tok.model"])
        #expect(digest.hasPrefix(loaded.modelHash + " "))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/sub").sorted() == ["tok.model", "tok.vocab"])
    }

    @Test("loading a missing file or garbage fails with the path and a hint")
    func loadFailures() {
        let missing = #expect(throws: TokenizerError.self) { try SentencePieceTokenizer(modelFile: "/nonexistent/tok.model") }
        #expect(missing?.description.contains("/nonexistent/tok.model") == true)
        let garbage = #expect(throws: TokenizerError.self) { try SentencePieceTokenizer(modelBytes: Array("not a model".utf8)) }
        #expect(garbage?.description.contains("SentencePiece .model") == true)
    }
}

/// Standard output of a program.
func shell(_ program: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}
