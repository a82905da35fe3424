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
