import CorpusCore
import CorpusTestSupport
import Foundation

/// Documents and repository paths for filter tests.
enum TestDocuments {
    static func make(_ text: String, id: String = "doc", url: String? = nil, language: String? = nil) -> Document {
        var metadata = DocumentMetadata(sourceFile: "test.jsonl", recordIndex: 0, byteOffset: 0)
        metadata.language = language
        return Document(id: id, text: text, url: url, metadata: metadata)
    }

    /// The repository root.
    static var repositoryRoot: String { Repository.root }

    static var filtersDirectory: String { repositoryRoot + "/Filters" }
    static var fixtures: String { repositoryRoot + "/Tests/CorpusFiltersTests/Fixtures" }

}
