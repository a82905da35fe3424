import Foundation

/// Finds the shipped rule data (`Filters/`: presets, word lists, Punkt model).
enum FiltersDirectory {
    /// The first of: `explicit`, `$CORPUS_FILTERS`, a `Filters` folder above the executable
    /// (a checkout's `.build/release/corpus`), `./Filters`. Nil when none has `presets/`.
    static func locate(explicit: String?) -> String? {
        var candidates: [String] = []
        if let explicit { candidates.append(explicit) }
        if let variable = ProcessInfo.processInfo.environment["CORPUS_FILTERS"] { candidates.append(variable) }
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var directory = (executable as NSString).deletingLastPathComponent
            while directory != "/" && !directory.isEmpty {
                candidates.append((directory as NSString).appendingPathComponent("Filters"))
                directory = (directory as NSString).deletingLastPathComponent
            }
        }
        candidates.append((FileManager.default.currentDirectoryPath as NSString).appendingPathComponent("Filters"))
        var isDirectory: ObjCBool = false
        return candidates.first { candidate in
            FileManager.default.fileExists(atPath: (candidate as NSString).appendingPathComponent("presets"), isDirectory: &isDirectory)
                && isDirectory.boolValue
        }
    }

    /// The preset file for `--preset`: a path when it names a file, else `presets/NAME.yaml`.
    static func presetPath(_ preset: String, filters: String?) -> String? {
        if preset.hasSuffix(".yaml") || preset.hasSuffix(".yml") || preset.contains("/") { return preset }
        guard let filters else { return nil }
        return ((filters as NSString).appendingPathComponent("presets") as NSString).appendingPathComponent(preset + ".yaml")
    }
}
