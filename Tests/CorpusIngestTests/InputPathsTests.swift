import CorpusIngest
import CorpusTestSupport
import Foundation
import Testing

@Suite("Input paths")
struct InputPathsTests {
    @Test("a folder expands to its files, sorted and recursive, leaving out names starting with a dot")
    func expandsFolders() throws {
        let directory = Fixtures.temporaryDirectory()
        for name in ["b.jsonl", "a.warc.gz", ".hidden.jsonl", "sub/c.txt"] {
            try FileManager.default.createDirectory(atPath: directory + "/sub", withIntermediateDirectories: true)
            _ = Fixtures.write(Array("x\n".utf8), to: name, in: directory)
        }
        let files = try InputPaths.expand([directory]).get()
        #expect(files.map { String($0.dropFirst(directory.count + 1)) } == ["a.warc.gz", "b.jsonl", "sub/c.txt"])
    }

    @Test("a pipeline stage's folder gives only its part files, not its removed or excluded records")
    func stageFolderGivesParts() throws {
        let directory = Fixtures.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory + "/.done", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory + "/work", withIntermediateDirectories: true)
        for name in ["part-00001.jsonl", "part-00000.jsonl", "removed.jsonl", "excluded-00000.jsonl", ".done/stage.json", "work/part-9.jsonl"] {
            _ = Fixtures.write(Array("{}\n".utf8), to: name, in: directory)
        }
        #expect(InputPaths.isStageFolder(directory))
        let files = try InputPaths.expand([directory]).get()
        #expect(files.map { String($0.dropFirst(directory.count + 1)) } == ["part-00000.jsonl", "part-00001.jsonl"])
        #expect(try InputPaths.expand([directory + "/removed.jsonl"]).get().count == 1, "a file named on its own is read")
    }

    @Test("a path that does not exist is named")
    func missingPath() {
        guard case .failure(let missing) = InputPaths.expand(["/nonexistent/corpus-input"]) else {
            Issue.record("a missing path expanded")
            return
        }
        #expect(missing.path == "/nonexistent/corpus-input")
    }
}
