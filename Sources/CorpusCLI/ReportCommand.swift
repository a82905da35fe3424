import ArgumentParser
import CorpusIngest
import CorpusReport
import Foundation

/// `corpus report RUN_DIR`: renders the run's `stats.json` as a self-contained `report.html`.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render a run's stats.json as a self-contained report.html beside it.",
        discussion: """
            The page has inline CSS and SVG charts only (no scripts, no network), so it can be \
            opened from disk or attached anywhere. Exit codes: 66 RUN_DIR/stats.json does not exist; \
            65 it cannot be decoded; 73 report.html cannot be written.
            """
    )

    @Argument(help: "The run folder (holding stats.json).")
    var runDirectory: String

    func run() throws {
        let terminal = Terminal()
        let statsPath = (runDirectory as NSString).appendingPathComponent("stats.json")
        let reportPath = (runDirectory as NSString).appendingPathComponent("report.html")
        guard let data = FileManager.default.contents(atPath: statsPath) else {
            let exists = FileManager.default.fileExists(atPath: statsPath)
            terminal.line("error: \(statsPath): " + (exists ? "cannot be read" : "no such file (is \(runDirectory) a pipeline run folder?)"))
            throw ExitStatus.noInput
        }
        let statistics: RunStatistics
        do {
            statistics = try JSONDecoder().decode(RunStatistics.self, from: data)
        } catch {
            terminal.line("error: \(statsPath): cannot decode run statistics: \(Self.describe(error))")
            throw ExitStatus.dataError
        }
        do {
            let file = try AtomicFile(path: reportPath)
            var page = ReportPage.html(statistics)
            try page.withUTF8 { try file.write(UnsafeRawBufferPointer($0)) }
            try file.commit()
        } catch {
            terminal.line("error: \(reportPath): cannot write the report: \(error)")
            throw ExitStatus.cannotCreate
        }
        print(reportPath)
    }

    /// A decoding error as a person reads it: what was wrong, and where (the JSON key path).
    static func describe(_ error: Error) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
            return keys.isEmpty ? "" : " at \(keys.hasPrefix(".") ? String(keys.dropFirst()) : keys)"
        }
        switch error as? DecodingError {
        case .dataCorrupted(let context)?:
            return context.debugDescription + path(context)
                + (context.underlyingError.map { " (\($0.localizedDescription))" } ?? "")
        case .keyNotFound(let key, let context)?:
            return "missing key \"\(key.stringValue)\"" + path(context)
        case .typeMismatch(let type, let context)?:
            return "expected \(type)" + path(context) + ": " + context.debugDescription
        case .valueNotFound(let type, let context)?:
            return "expected \(type) but found null" + path(context)
        default:
            return "\(error)"
        }
    }
}
