/// A document's place in the whole corpus: which input file (by its index in the sorted list
/// of all inputs) and which document of that file. The same for every rank split and worker
/// count, so it is the deterministic order every "keep the first" rule uses.
public struct DocumentOrdinal: Hashable, Comparable, Sendable, BitwiseCopyable, CustomStringConvertible {
    /// File index in the high 32 bits, document index within the file in the low 32.
    public var rawValue: UInt64

    /// The ordinal of document `document` of input file `file`.
    public init(file: Int, document: Int) {
        rawValue = UInt64(file) << 32 | UInt64(UInt32(truncatingIfNeeded: document))
    }

    /// An ordinal from its raw value (as stored in run files).
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// The input file's index in the sorted list of all inputs.
    public var file: Int { Int(rawValue >> 32) }
    /// The document's index within its file, counting documents as the reader yields them.
    public var document: Int { Int(rawValue & 0xFFFF_FFFF) }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    public var description: String { "file \(file) document \(document)" }
}
