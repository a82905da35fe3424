import Foundation

/// A trained Punkt sentence-boundary model, as NLTK ships it in `punkt_tab/<language>/`: known
/// abbreviations, collocations, frequent sentence starters and the orthographic contexts of words.
///
/// The C4 filter counts sentences with NLTK's English model (`Filters/punkt-english`); load it
/// once and share it, since the value is immutable.
public struct PunktParameters: Sendable {
    /// The files of a `punkt_tab` model directory, in the order they are read.
    public static let fileNames = ["collocations.tab", "sent_starters.txt", "abbrev_types.txt", "ortho_context.tab"]

    /// The lookup tables, in one shared object so that copies of the parameters cost one retain.
    let tables: PunktModelTables

    /// Reads the four model files from `directory` (for example `Filters/punkt-english`).
    ///
    /// Files are UTF-8 with one entry a line; `.tab` files have two tab-separated fields, the
    /// second of `ortho_context.tab` an integer. Throws `FilterConfigurationError.dataFile` naming
    /// the file (and line) that is missing, unreadable or malformed.
    public init(directory: String) throws(FilterConfigurationError) {
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        let collocationLines = try Self.readLines(base + "collocations.tab")
        var collocationKeys: [([UInt8], Int32)] = []
        var firstTypes: [([UInt8], Int32)] = []
        for (number, line) in collocationLines.enumerated() {
            let fields = try Self.twoFields(line, path: base + "collocations.tab", lineNumber: number + 1)
            collocationKeys.append((fields.0 + [0xFF] + fields.1, 1))
            firstTypes.append((fields.0, 1))
        }
        let sentenceStarters = PunktTypeTable(try Self.readLines(base + "sent_starters.txt").map { ($0, 1) })
        let abbreviations = PunktTypeTable(try Self.readLines(base + "abbrev_types.txt").map { ($0, 1) })
        let orthoPath = base + "ortho_context.tab"
        var orthoEntries: [([UInt8], Int32)] = []
        for (number, line) in try Self.readLines(orthoPath).enumerated() {
            let (word, flags) = try Self.twoFields(line, path: orthoPath, lineNumber: number + 1)
            guard let value = Int32(String(decoding: flags, as: UTF8.self)) else {
                throw .dataFile(path: orthoPath, reason: "line \(number + 1): the second field is not an integer")
            }
            orthoEntries.append((word, value))
        }
        tables = PunktModelTables(
            abbreviations: abbreviations,
            collocations: PunktTypeTable(collocationKeys),
            collocationFirstTypes: PunktTypeTable(firstTypes),
            sentenceStarters: sentenceStarters,
            orthographicContext: PunktTypeTable(orthoEntries))
    }

    /// The number of abbreviations, collocations, sentence starters and words with orthographic
    /// context; for diagnostics and tests.
    public var entryCounts: (abbreviations: Int, collocations: Int, sentenceStarters: Int, orthographicContexts: Int) {
        (tables.abbreviations.count, tables.collocations.count, tables.sentenceStarters.count,
         tables.orthographicContext.count)
    }

    /// The lines of a UTF-8 file without their line ends, as Python's text-mode iteration gives
    /// them (universal newlines: LF, CR and CR LF all end a line; no empty line after the last end).
    private static func readLines(_ path: String) throws(FilterConfigurationError) -> [[UInt8]] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw .dataFile(path: path, reason: "missing; a punkt_tab model directory needs \(fileNames.joined(separator: ", "))")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .dataFile(path: path, reason: "cannot be read")
        }
        let bytes = [UInt8](data)
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw .dataFile(path: path, reason: "line \(lineNumberOfInvalidUTF8(bytes)): not valid UTF-8")
        }
        var lines: [[UInt8]] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                lines.append(Array(bytes[start..<index]))
                index += (byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A) ? 2 : 1
                start = index
            } else {
                index += 1
            }
        }
        if start < bytes.count { lines.append(Array(bytes[start...])) }
        return lines
    }

    /// The 1-based line of the first byte sequence that is not UTF-8, for the error message.
    private static func lineNumberOfInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var line = 1
        var lineStart = 0
        for index in bytes.indices where bytes[index] == 0x0A {
            if String(validating: bytes[lineStart..<index], as: UTF8.self) == nil { return line }
            line += 1
            lineStart = index + 1
        }
        return line
    }

    /// The two fields of a tab-separated line, or an error naming the file and line.
    private static func twoFields(
        _ line: [UInt8], path: String, lineNumber: Int
    ) throws(FilterConfigurationError) -> ([UInt8], [UInt8]) {
        let fields = line.split(separator: 0x09, omittingEmptySubsequences: false)
        guard fields.count == 2 else {
            throw .dataFile(path: path, reason: "line \(lineNumber): expected two tab-separated fields, found \(fields.count)")
        }
        return (Array(fields[0]), Array(fields[1]))
    }
}

/// The lookup tables of a Punkt model. Types are lower-cased words (numbers as "##number##").
final class PunktModelTables: Sendable {
    /// Abbreviations without their final period ("dr", "u.s", "ph.d").
    let abbreviations: PunktTypeTable
    /// Word-type pairs that stay together across a period ("##number##", "international"); each
    /// key is the first type, the byte 0xFF (never in UTF-8), then the second type.
    let collocations: PunktTypeTable
    /// The first types of `collocations`, to skip building a pair key that cannot match.
    let collocationFirstTypes: PunktTypeTable
    /// Words that often start a sentence ("however", "the").
    let sentenceStarters: PunktTypeTable
    /// For each word type, the `OrthographicContext` flags of the cases it was seen in.
    let orthographicContext: PunktTypeTable

    init(
        abbreviations: PunktTypeTable, collocations: PunktTypeTable, collocationFirstTypes: PunktTypeTable,
        sentenceStarters: PunktTypeTable, orthographicContext: PunktTypeTable
    ) {
        self.abbreviations = abbreviations
        self.collocations = collocations
        self.collocationFirstTypes = collocationFirstTypes
        self.sentenceStarters = sentenceStarters
        self.orthographicContext = orthographicContext
    }
}

/// The orthographic-context flags of `ortho_context.tab`: in which positions of a sentence, and
/// with which case of its first letter, a word type was seen in training.
enum OrthographicContext {
    /// Upper case at the beginning of a sentence.
    static let beginUpper: Int32 = 1 << 1
    /// Upper case inside a sentence.
    static let middleUpper: Int32 = 1 << 2
    /// Upper case where the position was unknown.
    static let unknownUpper: Int32 = 1 << 3
    /// Lower case at the beginning of a sentence.
    static let beginLower: Int32 = 1 << 4
    /// Lower case inside a sentence.
    static let middleLower: Int32 = 1 << 5
    /// Lower case where the position was unknown.
    static let unknownLower: Int32 = 1 << 6
    /// Upper case in any position.
    static let upper: Int32 = beginUpper | middleUpper | unknownUpper
    /// Lower case in any position.
    static let lower: Int32 = beginLower | middleLower | unknownLower
}
