#if canImport(Glibc)
import Glibc
#endif

/// Expands inputs: files as given, directories to the regular files under them (sorted, names
/// starting with a dot left out). A pipeline stage's folder (one holding a `.done` folder of
/// completion markers) gives only the stage's output documents, its `part-*.jsonl` files, and
/// not the removed or excluded records written beside them.
public enum InputPaths {
    /// Every input file, or the first path that does not exist.
    public static func expand(_ paths: [String]) -> Result<[String], MissingPath> {
        var files: [String] = []
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else { return .failure(MissingPath(path: path)) }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                files += inputFiles(under: path)
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

    /// The input files a directory given as input stands for: a stage folder's outputs, else
    /// every regular file under it.
    public static func inputFiles(under directory: String) -> [String] {
        isStageFolder(directory) ? stageOutputs(directory) : filesUnder(directory)
    }

    /// Whether `directory` is a pipeline stage's folder: it holds a `.done` folder.
    public static func isStageFolder(_ directory: String) -> Bool {
        var info = stat()
        return stat(directory + "/.done", &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// A stage folder's output documents: its `part-*.jsonl` files (compressed or not), sorted.
    public static func stageOutputs(_ directory: String) -> [String] {
        filesUnder(directory).filter { path in
            let name = path.split(separator: "/").last.map(String.init) ?? path
            return name.hasPrefix("part-") && name.contains(".jsonl") && !path.dropFirst(directory.count + 1).contains("/")
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
