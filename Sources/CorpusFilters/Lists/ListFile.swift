import Foundation

/// Reads the one-entry-per-line data files of `Filters/` (word lists, domain lists).
public enum ListFile {
    /// The entries of the UTF-8 file at `path`: each line stripped of Python whitespace (as
    /// C4 loads its lists: `{l.strip() for l in f}`), empty lines skipped, and with
    /// `comments`, lines starting with `#` skipped too.
    public static func entries(at path: String, comments: Bool) throws(FilterConfigurationError) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .dataFile(path: path, reason: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .dataFile(path: path, reason: "not UTF-8 text")
        }
        var entries: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let entry = PythonText.strip(line)
            if entry.isEmpty || (comments && entry.hasPrefix("#")) { continue }
            entries.append(String(entry))
        }
        return entries
    }

    /// `path` resolved against `directory` unless it is absolute.
    public static func resolve(_ path: String, against directory: String) -> String {
        if path.hasPrefix("/") || directory.isEmpty { return path }
        return (directory as NSString).appendingPathComponent(path)
    }
}
