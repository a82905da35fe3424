import Foundation

/// The Python environment `scripts/setup-python.sh` makes (`.venv-interop`), for tests that
/// compare with reference Python libraries.
public enum InteropPython {
    /// The interpreter's path when it exists and `import \(modules)` works in it, else nil.
    public static func path(importing modules: String) -> String? {
        let path = Repository.root + "/.venv-interop/bin/python"
        guard FileManager.default.isExecutableFile(atPath: path) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-c", "import \(modules)"]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        process.waitUntilExit()
        return process.terminationStatus == 0 ? path : nil
    }
}
