import CorpusCore

/// Reads documents from many files in order, one file at a time, counting everything.
///
/// A file that cannot be read at all is recorded and passed over; a damaged record is skipped
/// and counted. Memory stays flat: one record is in hand at a time.
public final class DocumentStream {
    private let files: [String]
    private let options: ReaderOptions
    private var fileIndex = 0
    private var current: RecordReader?
    private var consumedBeforeCurrent: Int64 = 0
    /// Counts so far.
    public private(set) var statistics = ReadStatistics()
    /// Called for each skipped record that is a defect, and for each file that fails (with nil
    /// record), so the caller can log it.
    public var onProblem: (@Sendable (String) -> Void)?

    /// Reads `files` in the given order with `options`.
    public init(files: [String], options: ReaderOptions) {
        self.files = files
        self.options = options
    }

    /// Index of the file being read (equals the file count at the end).
    public var currentFileIndex: Int { fileIndex }

    /// Input bytes consumed so far across all files.
    public var inputBytesConsumed: Int64 { consumedBeforeCurrent + (current?.fileBytesConsumed ?? 0) }

    /// The next document, or nil when every file is done.
    public func next() -> Document? {
        while fileIndex < files.count {
            let path = files[fileIndex]
            do {
                if current == nil { current = try InputFile.open(path, options: options) }
                guard let reader = current else { continue }
                if let event = try reader.next() {
                    switch event {
                    case .document(let document):
                        statistics.documents += 1
                        statistics.textBytes += Int64(document.text.utf8.count)
                        return document
                    case .skipped(let record):
                        statistics.skipped.add(record.reason.rawValue)
                        if record.reason.isDefect { onProblem?("skipped \(record)") }
                    }
                } else {
                    statistics.filesRead += 1
                    finishFile()
                }
            } catch {
                statistics.filesFailed.append("\(error)")
                onProblem?("file not read: \(error)")
                finishFile()
            }
        }
        statistics.inputBytes = inputBytesConsumed
        return nil
    }

    private func finishFile() {
        consumedBeforeCurrent += current?.fileBytesConsumed ?? 0
        current = nil
        fileIndex += 1
        statistics.inputBytes = consumedBeforeCurrent
    }
}
