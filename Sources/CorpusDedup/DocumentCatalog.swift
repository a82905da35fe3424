/// The ids of the documents of each input file, written by the signature pass so that later
/// passes can name the document an ordinal stands for ("duplicate_of", cluster examples).
///
/// One file per input file, `f<index>.ids`: the UTF-8 ids back to back, then one UInt64 end
/// offset per id, then the id count and the magic.
public final class DocumentCatalog {
    static let magic: UInt64 = 0x0031_3044_4943_4443  // "CDCID01\0"

    /// The folder holding the id files.
    public let directory: String
    private var open: [Int: (reader: BinaryFileReader, count: Int, offsetsStart: Int64)] = [:]

    /// A catalog over `directory`.
    public init(directory: String) { self.directory = directory }

    static func path(directory: String, file: Int) -> String {
        directory + "/f" + String(file + 10_000_000).dropFirst() + ".ids"
    }

    /// The id of the document at `ordinal`, or nil if the catalog does not have it.
    public func id(of ordinal: DocumentOrdinal) throws(DedupError) -> String? {
        let entry: (reader: BinaryFileReader, count: Int, offsetsStart: Int64)
        if let cached = open[ordinal.file] {
            entry = cached
        } else {
            let path = Self.path(directory: directory, file: ordinal.file)
            let reader = try BinaryFileReader(path: path)
            guard reader.size >= 16 else { throw .corruptWorkFile(path: path, detail: "too short") }
            let tail = try reader.read(UInt64.self, count: 2, at: reader.size - 16)
            guard tail[1] == Self.magic else { throw .corruptWorkFile(path: path, detail: "bad magic") }
            let count = Int(tail[0])
            entry = (reader, count, reader.size - 16 - 8 * Int64(count))
            open[ordinal.file] = entry
        }
        let index = ordinal.document
        guard index < entry.count else { return nil }
        let bounds = index == 0
            ? [0] + (try entry.reader.read(UInt64.self, count: 1, at: entry.offsetsStart))
            : try entry.reader.read(UInt64.self, count: 2, at: entry.offsetsStart + 8 * Int64(index - 1))
        let bytes = try entry.reader.read(UInt8.self, count: Int(bounds[1] - bounds[0]), at: Int64(bounds[0]))
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Writes the id file of one input file, streaming ids as documents arrive.
final class CatalogWriter {
    private let file: BinaryFileWriter
    private var ends: [UInt64] = []
    private var written: UInt64 = 0

    init(directory: String, file index: Int) throws(DedupError) {
        file = try BinaryFileWriter(path: DocumentCatalog.path(directory: directory, file: index))
    }

    func append(id: String) throws(DedupError) {
        let bytes = Array(id.utf8)
        try file.append(bytes: bytes)
        written += UInt64(bytes.count)
        ends.append(written)
    }

    func commit() throws(DedupError) {
        try ends.withUnsafeBufferPointer { (pointer) throws(DedupError) in try file.append(contentsOf: pointer) }
        try file.append(UInt64(ends.count))
        try file.append(DocumentCatalog.magic)
        try file.commit()
    }
}
