import CCryptoShim
import CorpusIngest
import CorpusReport
import Foundation

/// The small JSON file (`.done/TASK.json` in a stage's folder) that says a task's output is
/// complete and renamed into place. It is written after the output, so a run killed at any
/// moment leaves either a complete task with its marker or an unfinished one without. It
/// carries the stage's fingerprint (a changed config makes it stale) and the task's figures,
/// so a resumed run reports the same statistics as one that never stopped.
struct TaskMarker: Codable, Equatable {
    /// Marker format version.
    var version = 1
    /// The task's name.
    var task: String
    /// The fingerprint of the stage's settings and inputs when the task finished.
    var fingerprint: String
    /// What the task measured.
    var statistics: StageStatistics

    /// The marker folder of a stage folder.
    static func directory(of folder: String) -> String { folder + "/.done" }

    /// The marker of `task` in `folder`, when there is a readable one.
    static func read(folder: String, task: String) -> TaskMarker? {
        guard let data = FileManager.default.contents(atPath: directory(of: folder) + "/\(task).json") else { return nil }
        return try? JSONDecoder().decode(TaskMarker.self, from: data)
    }

    /// Every readable marker in `folder`.
    static func all(in folder: String) -> [TaskMarker] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory(of: folder))) ?? []
        return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
            .compactMap { read(folder: folder, task: String($0.dropLast(5))) }
    }

    /// Writes the marker atomically (temporary file, fsync, rename).
    func write(folder: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try writeAtomically(Array(try encoder.encode(self)), to: Self.directory(of: folder) + "/\(task).json")
    }
}

/// Writes `bytes` to `path` through a temporary file renamed into place.
func writeAtomically(_ bytes: [UInt8], to path: String) throws {
    let file = try AtomicFile(path: path)
    try bytes.withUnsafeBytes { try file.write($0) }
    try file.commit()
}

/// SHA-256 fingerprints of what decides a stage's output.
enum Fingerprint {
    /// Lowercase hex SHA-256 of `bytes`.
    static func sha256(_ bytes: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        bytes.withUnsafeBytes { corpus_sha256($0.baseAddress, $0.count, &digest) }
        return digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// The fingerprint of a stage: its type and effective settings, the pipeline's seed, the
    /// fingerprints of the stages it reads, and what it knows of its own inputs (`identity`).
    static func stage(_ stage: StageConfig, seed: UInt64, upstream: [String], identity: [String]) -> String {
        struct Parts: Encodable {
            var format = "corpus-pipeline-stage-1"
            var type: String
            var settings: StageSettings
            var seed: UInt64
            var upstream: [String]
            var identity: [String]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let parts = Parts(type: stage.settings.type, settings: stage.settings, seed: seed, upstream: upstream, identity: identity)
        let bytes = (try? encoder.encode(parts)).map(Array.init) ?? Array("\(parts)".utf8)
        return sha256(bytes)
    }

    /// `path`'s size and modification time, a cheap stand-in for its content.
    static func fileIdentity(_ path: String, as name: String) -> String {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let size = (attributes?[.size] as? NSNumber)?.int64Value ?? -1
        let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(name) \(size) \(modified)"
    }

    /// The SHA-256 of a (small) file's content, or of nothing when it cannot be read.
    static func fileContent(_ path: String) -> String {
        sha256(FileManager.default.contents(atPath: path).map(Array.init) ?? [])
    }
}
