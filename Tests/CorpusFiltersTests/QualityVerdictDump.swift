import CorpusCore
import CorpusFilters
import Foundation
import Testing

/// Writes this package's quality verdicts for a JSONL file, for `scripts/golden/quality_agreement.py`
/// and the throughput figures in `docs/quality-filters.md`. Does nothing unless
/// `QUALITY_DUMP_IN` (JSONL with a `text` field) and `QUALITY_DUMP_OUT` are set:
///
///     QUALITY_DUMP_IN=/work/bench-data/debian-docs.jsonl QUALITY_DUMP_OUT=/tmp/swift.jsonl \
///       swift test -c release --filter QualityVerdictDump
///
/// Each output line is `[gopher_quality, gopher_repetition, fineweb_quality]`, each `"keep"` or
/// the drop reason; with `QUALITY_DUMP_WORDS=1` it is the word list instead. The last line is
/// `{"seconds": {filter: seconds}, "bytes": n, "documents": n}`, each filter timed alone on one core.
struct QualityVerdictDump {
    @Test func dumpVerdicts() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let input = environment["QUALITY_DUMP_IN"], let output = environment["QUALITY_DUMP_OUT"] else { return }
        let texts = try String(contentsOfFile: input, encoding: .utf8).split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["text"] as? String ?? ""
        }
        var lines: [String] = []
        if environment["QUALITY_DUMP_WORDS"] == "1" {
            for text in texts {
                let json = try JSONSerialization.data(withJSONObject: EnglishWordSplitter.shared.strings(in: text))
                lines.append(String(decoding: json, as: UTF8.self))
            }
        } else {
            let filters: [any DocumentFilter] = [GopherQualityFilter(), GopherRepetitionFilter(), FineWebQualityFilter()]
            var verdicts = [[String]](repeating: [], count: texts.count)
            var seconds: [String: Double] = [:]
            for filter in filters {
                let clock = ContinuousClock()
                let start = clock.now
                for (i, text) in texts.enumerated() {
                    var document = Document(id: "\(i)", text: text, metadata: DocumentMetadata(sourceFile: input, recordIndex: i, byteOffset: 0))
                    switch filter.apply(to: &document) {
                    case .keep: verdicts[i].append("keep")
                    case .drop(let reason): verdicts[i].append(reason)
                    }
                }
                let elapsed = clock.now - start
                seconds[filter.name] = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            }
            for verdict in verdicts {
                lines.append(String(decoding: try JSONSerialization.data(withJSONObject: verdict), as: UTF8.self))
            }
            let summary: [String: Any] = ["seconds": seconds, "bytes": texts.reduce(0) { $0 + $1.utf8.count }, "documents": texts.count]
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: summary), as: UTF8.self))
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: output, atomically: true, encoding: .utf8)
    }
}
