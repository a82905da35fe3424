#if canImport(Glibc)
import Glibc
#endif

/// Expands inputs: files as given, directories to the regular files under them (sorted, names
/// starting with a dot left out).
public enum InputPaths {
    /// Every input file, or the first path that does not exist.
    public static func expand(_ paths: [String]) -> Result<[String], MissingPath> {
        var files: [String] = []
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else { return .failure(MissingPath(path: path)) }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                files += filesUnder(path)
            } else {
                files.append(path)
            }
        }
        return .success(files)
    }

    /// The total size in bytes of `files`.
    public static func totalSize(_ files: [String]) -> Int64 {
        files.reduce(0) { total, path in
            var info = stat()
            return total + (stat(path, &info) == 0 ? Int64(info.st_size) : 0)
        }
    }

    /// The regular files under `directory`, recursively, sorted; names starting with a dot are skipped.
    public static func filesUnder(_ directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var result: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix(".") { continue }
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            var info = stat()
            guard stat(path, &info) == 0 else { continue }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                result += filesUnder(path)
            } else if (info.st_mode & S_IFMT) == S_IFREG {
                result.append(path)
            }
        }
        return result.sorted()
    }
}

/// An input path that does not exist.
public struct MissingPath: Error {
    /// The path as given.
    public var path: String
}
