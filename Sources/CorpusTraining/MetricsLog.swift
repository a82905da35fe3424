import Foundation

/// `metrics.jsonl` of a run: one JSON object per line, `{"step": N, "part": "train" |
/// "validation", ...}`, keys in a fixed order. Appended as the run goes; on resume, lines past the
/// checkpoint's step (and any torn last line) are cut so the file continues as if never stopped.
public final class MetricsLog {
    /// The file.
    public let path: String
    private var handle: FileHandle?

    /// Opens `path` for appending, first keeping only complete lines whose step is at most
    /// `keepThrough` (nil: start empty).
    public init(path: String, keepThrough: Int?) throws {
        self.path = path
        var kept = Data()
        if let keepThrough, let existing = FileManager.default.contents(atPath: path) {
            for line in existing.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast() {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                      let step = object["step"] as? Int, step <= keepThrough else { continue }
                kept.append(contentsOf: line)
                kept.append(UInt8(ascii: "\n"))
            }
        }
        do {
            try kept.write(to: URL(fileURLWithPath: path), options: .atomic)
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle?.seekToEnd()
        } catch {
            throw PretrainingError.io(path: path, reason: "cannot write the metrics: \(error.localizedDescription)")
        }
    }

    deinit { try? handle?.close() }

    /// Appends one record; `fields` keep their order, numbers are written exactly (shortest
    /// round-trip form), non-finite numbers and nils as null.
    public func append(_ fields: [(String, MetricValue?)]) throws {
        var line = "{"
        for (index, (key, value)) in fields.enumerated() {
            if index > 0 { line += ", " }
            line += "\"\(key)\": " + (value?.json ?? "null")
        }
        line += "}\n"
        do { try handle?.write(contentsOf: Data(line.utf8)) } catch {
            throw PretrainingError.io(path: path, reason: "cannot append to the metrics: \(error.localizedDescription)")
        }
    }
}

/// A value in a metrics record.
public enum MetricValue: Sendable {
    /// A whole number.
    case int(Int)
    /// A number.
    case number(Double)
    /// A short text without quotes or backslashes.
    case text(String)

    var json: String {
        switch self {
        case .int(let value): String(value)
        case .number(let value): value.isFinite ? String(value) : "null"
        case .text(let value): "\"\(value)\""
        }
    }
}
