import CorpusTestSupport
import Foundation
import Testing

/// The interop Python with sentencepiece, when `scripts/setup-python.sh` could make it.
private let sentencepiecePython = InteropPython.path(importing: "sentencepiece")

@Suite("tokenizer interop with Python sentencepiece")
struct TokenizerPythonInteropTests {
    @Test("Python's sentencepiece loads our UL2 model, gives the same ids and finds the documented special ids",
          .enabled(if: sentencepiecePython != nil, "needs .venv-interop with sentencepiece: run scripts/setup-python.sh"))
    func pythonAgrees() throws {
        let python = try #require(sentencepiecePython)
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let trained = try trainTokenizer(in: directory, ["--special", "ul2", "--bos", "--byte-fallback", "--vocab-size", "900"])
        #expect(trained.status == 0, "\(trained.stderr)")
        let texts = ["Support for type hints.", "web text with <extra_id_0> and [NLU] in it", "日本語 ☃ ﷺ", "  spaces   and\ttabs  "]
        let encoded = try corpus(["tokenizer", "encode", directory + "/tok.model", "--jsonl"] + texts.flatMap { ["--text", $0] })
        #expect(encoded.status == 0)
        let ids = Fixtures.write(Array(encoded.stdout.utf8), to: "ids.jsonl", in: directory)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Repository.root + "/scripts/tokenizer/check_with_python.py", directory + "/tok.model", ids]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(report)")
        #expect(report.contains("ok: 4 texts give the same ids"))
        #expect(report.contains("107 special ids as documented"))
    }
}
