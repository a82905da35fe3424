import CorpusCore
import CorpusIngest
import CorpusReport
import Foundation

/// `type: read`: one task per input file, each writing `part-NNNNN.jsonl` (the file's index in
/// the sorted, expanded input list). Documents' `source_file` is the path as the config wrote
/// it, so outputs do not depend on where the checkout lies.
struct ReadStage: PipelineStage {
    let settings: ReadSettings
    /// Every input file: the path to open and the name to record.
    let files: [(path: String, name: String)]

    /// Expands `settings.inputs` (relative to `directory`), refusing a missing path.
    init(settings: ReadSettings, stage: StageConfig, directory: String) throws(ConfigProblem) {
        self.settings = settings
        var files: [(String, String)] = []
        for input in settings.inputs {
            let path = input.hasPrefix("/") || directory.isEmpty ? input : directory + "/" + input
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ConfigProblem(line: stage.line(of: "inputs"), message: "stage \"\(stage.name)\": inputs: \(input) does not exist "
                    + "(\(path)); paths are relative to the config's folder")
            }
            if isDirectory.boolValue {
                for file in InputPaths.inputFiles(under: path) {
                    files.append((file, input + String(file.dropFirst(path.count))))
                }
            } else {
                files.append((path, input))
            }
        }
        guard !files.isEmpty else {
            throw ConfigProblem(line: stage.line(of: "inputs"), message: "stage \"\(stage.name)\": inputs: no files found")
        }
        self.files = files
    }

    var identity: [String] { files.map { Fingerprint.fileIdentity($0.path, as: $0.name) } }
    var phases: [StagePhase] { [.parts] }

    func run(_ context: StageContext) throws -> StageStatistics {
        var total = context.emptyStatistics()
        for (index, file) in files.enumerated() {
            let part = DocumentParts.name(index)
            total = total.merged(with: try context.task(String(part.dropLast(6)), phase: StagePhase.parts.name) {
                try read(file, index: index, into: context.folder + "/" + part, context: context)
            })
        }
        return total
    }

    private func read(_ file: (path: String, name: String), index: Int, into output: String, context: StageContext) throws -> StageStatistics {
        let stream = DocumentStream(files: [file.path], options: settings.readerOptions(workers: context.workers))
        stream.onProblem = context.onProblem
        let writer = try JSONLWriter(path: output)
        let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.int64Value
        var figures = OutputFigures()
        do {
            while var document = stream.next() {
                document.metadata.sourceFile = file.name
                figures.add(document)
                try writer.write(document)
                if stream.statistics.documents % 256 == 0 {
                    context.progress(task: file.name, index: index, of: files.count, documents: stream.statistics.documents,
                                     bytes: stream.inputBytesConsumed, totalBytes: size)
                }
            }
            try writer.finish()
        } catch {
            writer.abandon()
            throw error
        }
        let read = stream.statistics
        // Records that were never documents (WARC request, metadata...) are counted apart;
        // every other skipped record was a page or file turned down, so it is a drop.
        var drops = DropCollector()
        var notDocuments: [String: Int] = [:]
        for (reason, count) in read.skipped.sorted {
            if SkipReason(rawValue: reason)?.isNotADocument == true {
                notDocuments[reason] = count
            } else {
                drops.add(rule: "read", reason: reason, count: count)
            }
        }
        for _ in read.filesFailed { drops.add(rule: "read", reason: "file_not_read", count: 1) }
        let dropped = drops.rules.reduce(0) { $0 + $1.count }
        var statistics = context.documentStatistics(Flow(documentsIn: read.documents + dropped, documentsOut: read.documents,
                                                         bytesIn: read.inputBytes, bytesOut: read.textBytes),
                                                    drops: drops, lengthsIn: nil, output: figures)
        statistics.recordsSkipped = notDocuments.isEmpty ? nil : notDocuments
        return statistics
    }
}
