/// The key contribution of every non-ASCII scalar of the Basic Multilingual Plane, computed
/// once per process from ICU's NFD and the key rules, so keys of mostly-Latin text need no
/// ICU call per document.
///
/// Looking scalars up one by one equals NFD of the whole text followed by the rules, because
/// NFD only reorders runs of combining characters (non-starters): a scalar whose
/// decomposition keeps a non-starter that the key does not drop is marked `fallback`, and
/// such texts take the general path.
struct KeyScalarTable: Sendable {
    static let emit: UInt8 = 0
    static let space: UInt8 = 1
    static let fallback: UInt8 = 2

    /// Per scalar: `emit`, `space` or `fallback`.
    let kinds: [UInt8]
    /// Per scalar, where its bytes start in `bytes` (one more entry than scalars).
    let starts: [UInt32]
    /// The UTF-8 bytes each `emit` scalar contributes, back to back.
    let bytes: [UInt8]

    static let shared = KeyScalarTable()

    private init() {
        var kinds = [UInt8](repeating: Self.fallback, count: 0x10000)
        var starts = [UInt32](repeating: 0, count: 0x10001)
        var bytes: [UInt8] = []
        for value in 0..<0x10000 {
            starts[value] = UInt32(bytes.count)
            guard value >= 0x80, let scalar = Unicode.Scalar(UInt32(value)) else { continue }
            let decomposition = KeyNormalizer.decomposed(String(scalar)).unicodeScalars
            var kind = Self.emit
            var contribution: [UInt8] = []
            for part in decomposition {
                if part.value < 0x80 {
                    // ASCII parts of a decomposition (e.g. U+037E GREEK QUESTION MARK → ";").
                    var builder = KeyBuilder()
                    builder.ascii(UInt8(part.value))
                    if builder.pendingSpace { kind = Self.space }
                    contribution += builder.out
                    continue
                }
                switch KeyNormalizer.fold(part) {
                case .space:
                    kind = Self.space
                case .emit(let folded):
                    if !folded.isEmpty && part.properties.canonicalCombiningClass != .notReordered { kind = Self.fallback }
                    for scalar in folded { contribution += Array(String(scalar).utf8) }
                }
            }
            if kind == Self.space && !contribution.isEmpty { kind = Self.fallback }
            kinds[value] = kind
            if kind == Self.emit { bytes += contribution }
        }
        starts[0x10000] = UInt32(bytes.count)
        self.kinds = kinds
        self.starts = starts
        self.bytes = bytes
    }
}
