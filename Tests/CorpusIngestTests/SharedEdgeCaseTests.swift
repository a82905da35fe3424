import CorpusCore
import CorpusIngest
import CorpusTestSupport
import Foundation
import Testing

/// Real damaged WARC files from `../shared/data/web/warc-edge-cases/`, when that folder exists
/// beside the project (it does on the team's machines, not in a fresh clone).
private let edgeCaseDirectory: String = {
    let packageRoot = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return packageRoot.appending(path: "../shared/data/web/warc-edge-cases").standardized.path
}()

private let edgeCaseFiles: [String] = {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: edgeCaseDirectory) else { return [] }
    return names.filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") && !$0.hasSuffix(".json") }.sorted()
        .map { edgeCaseDirectory + "/" + $0 }
}()

@Suite("Shared WARC edge cases", .enabled(if: !edgeCaseFiles.isEmpty, "../shared/data/web/warc-edge-cases is absent"))
struct SharedEdgeCaseTests {
    @Test("every shared edge case is read to its end or refused as a whole, with locations on every skip")
    func readsOrRefuses() throws {
        for path in edgeCaseFiles {
            do {
                let result = try drain(path)
                for skipped in result.skipped {
                    #expect(skipped.location.file == path)
                    #expect(skipped.location.record != nil)
                    #expect(skipped.location.offset != nil)
                }
            } catch let error as IngestError {
                #expect("\(error)".contains(path))
            }
        }
    }

    @Test("any worker count gives the same events on every shared edge case")
    func deterministic() throws {
        for path in edgeCaseFiles {
            func events(_ workers: Int) -> [String] {
                var options = ReaderOptions()
                options.workers = workers
                guard let result = try? drain(path, options: options) else { return ["refused"] }
                return result.documents.map { "\($0.id) \($0.text.count)" } + result.skipped.map(\.description)
            }
            #expect(events(1) == events(3), "\(path)")
        }
    }
}
