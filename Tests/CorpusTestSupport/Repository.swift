import Foundation

/// Paths inside this checkout, for tests that read shipped data (Filters/, fixtures).
public enum Repository {
    /// The repository root: the nearest folder above this file that holds `Package.swift`.
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        return FileManager.default.currentDirectoryPath
    }()

    /// The shipped rule data.
    public static var filters: String { root + "/Filters" }
}

extension Fixtures {
    /// The JSON objects of a JSONL file, one per non-empty line.
    public static func jsonLines(_ path: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
        }
    }
}
