import Foundation

/// One labeled example read from a TSV file.
public struct LabeledExample: Sendable, Equatable {
    /// The text (several text columns joined with a space), and a pair's second text.
    public var text: String, second: String?
    /// The label as written in the file.
    public var label: String
    /// The 1-based line it came from.
    public var line: Int

    /// An example.
    public init(text: String, second: String? = nil, label: String, line: Int) {
        self.text = text
        self.second = second
        self.label = label
        self.line = line
    }
}

/// A row that was skipped, and why.
public struct RowProblem: Sendable, Equatable, CustomStringConvertible {
    /// The file, its 1-based line, and what is wrong with it.
    public var path: String, line: Int, reason: String

    public var description: String { "\(path):\(line): \(reason)" }
}

/// The examples of one labeled TSV file, with the rows that could not be read.
public struct LabeledFile: Sendable {
    /// The file.
    public var path: String
    /// Whether the first row was a header.
    public var hadHeader: Bool
    /// The examples in file order.
    public var examples: [LabeledExample]
    /// Rows skipped (blank lines are not rows), and the first `problemLimit` of them with reasons.
    public var skipped: Int, problems: [RowProblem]

    /// How many skipped rows keep their reason.
    public static let problemLimit = 20

    /// Reads `path` with `layout`. Rows with too few columns, an empty text or label, invalid
    /// UTF-8, or (with `labels`) a label outside `labels` are skipped and counted; a file that
    /// cannot be read at all, or whose header lacks a named column, is an error. `knownLabels`
    /// (the train file's) help decide whether the first row is a header.
    public init(path: String, layout: TSVLayout, knownLabels: Set<String> = [], labels: Set<String>? = nil) throws(FinetuneError) {
        guard FileManager.default.fileExists(atPath: path) else { throw .missing(path: path, what: "TSV file") }
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path, reason: "permission denied or not a file") }
        self.path = path
        var rows: [(line: Int, cells: [Substring]?)] = []
        for (index, raw) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            var bytes = raw
            if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
            if bytes.isEmpty { continue }
            guard let line = String(validating: bytes, as: UTF8.self) else { rows.append((index + 1, nil)); continue }
            rows.append((index + 1, line.split(separator: "\t", omittingEmptySubsequences: false)))
        }
        // Which row is the header.
        let names = (layout.textColumns + [layout.labelColumn]).contains { if case .name = $0 { true } else { false } }
        var header: [Substring]? = nil
        if let first = rows.first, let cells = first.cells, layout.header != .absent {
            if layout.header == .present || names {
                header = cells
            } else if case .index(let column) = layout.labelColumn, column < cells.count {
                var seen = knownLabels
                for row in rows.dropFirst() { if let cells = row.cells, column < cells.count { seen.insert(cells[column].trimmingCharacters(in: .whitespaces)) } }
                let cell = String(cells[column]).trimmingCharacters(in: .whitespaces)
                if !seen.contains(cell) && Double(cell) == nil && (rows.count > 1 || !knownLabels.isEmpty) { header = cells }
            }
        }
        hadHeader = header != nil
        func resolve(_ column: ColumnReference) throws(FinetuneError) -> Int {
            switch column {
            case .index(let index): return index
            case .name(let name):
                guard let header else { throw .data(path: path, reason: "column \(name) is named but the file is empty") }
                guard let index = header.firstIndex(where: { $0 == name }) else {
                    throw .data(path: path, reason: "the header has no column \(name) (it has \(header.joined(separator: ", "))); name another or give a position")
                }
                return index
            }
        }
        let textIndices = try layout.textColumns.map { column throws(FinetuneError) in try resolve(column) }
        let labelIndex = try resolve(layout.labelColumn)
        let needed = (textIndices + [labelIndex]).max()! + 1
        var examples: [LabeledExample] = [], problems: [RowProblem] = [], skipped = 0
        func skip(_ line: Int, _ reason: String) {
            skipped += 1
            if problems.count < Self.problemLimit { problems.append(RowProblem(path: path, line: line, reason: reason)) }
        }
        for row in rows.dropFirst(hadHeader ? 1 : 0) {
            guard let cells = row.cells else { skip(row.line, "not valid UTF-8"); continue }
            guard cells.count >= needed else {
                skip(row.line, "\(cells.count) column\(cells.count == 1 ? "" : "s"), needs at least \(needed) (is the file tab-separated?)")
                continue
            }
            let label = cells[labelIndex].trimmingCharacters(in: .whitespaces)
            guard !label.isEmpty else { skip(row.line, "empty label in column \(labelIndex)"); continue }
            if let labels, !labels.contains(label) { skip(row.line, "label \(label) does not occur in the train file"); continue }
            let texts = textIndices.map { cells[$0].trimmingCharacters(in: .whitespaces) }
            guard texts.contains(where: { !$0.isEmpty }) else { skip(row.line, "empty text"); continue }
            examples.append(layout.pair
                ? LabeledExample(text: texts[0], second: texts[1], label: label, line: row.line)
                : LabeledExample(text: texts.filter { !$0.isEmpty }.joined(separator: " "), label: label, line: row.line))
        }
        self.examples = examples
        self.skipped = skipped
        self.problems = problems
    }

    /// The distinct labels, in class-id order: numerically when every label is an integer
    /// ("2" before "10"), otherwise by their UTF-8 bytes.
    public static func labelOrder(_ labels: some Sequence<String>) -> [String] {
        let distinct = Array(Set(labels)).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        guard distinct.allSatisfy({ Int($0) != nil }) else { return distinct }
        // Stable, so "1" and "01" keep their byte order.
        return distinct.enumerated().sorted { (Int($0.element)!, $0.offset) < (Int($1.element)!, $1.offset) }.map(\.element)
    }
}
