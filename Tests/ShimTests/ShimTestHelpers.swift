// Small helpers shared by the shim tests: a typed failure and byte/string conversions.

/// A C library reported a failure; `message` is the library's own words.
struct ShimFailure: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

extension Array where Element == UInt8 {
    /// The UTF-8 bytes of `text`.
    init(utf8 text: String) { self = Array(text.utf8) }
}

/// Decodes `count` UTF-8 bytes at `pointer` (C `char *`), replacing ill-formed sequences.
func string(utf8 pointer: UnsafePointer<CChar>, count: Int) -> String {
    pointer.withMemoryRebound(to: UInt8.self, capacity: count) {
        String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
    }
}

/// Reads a NUL-terminated C string from a fixed-size buffer filled by a C function.
func string(nulTerminated buffer: [CChar]) -> String {
    let end = buffer.firstIndex(of: 0) ?? buffer.endIndex
    return String(decoding: buffer[..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// Text that compresses well: the same few sentences, `repeats` times.
func repetitiveText(repeats: Int) -> [UInt8] {
    let line = "The quick brown fox jumps over the lazy dog. Pack my box with five dozen jugs.\n"
    return Array(String(repeating: line, count: repeats).utf8)
}

/// Calls `body` with `bytes` viewed as a C `char` buffer: base address (nil when empty) and count.
func withCChars<R>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>?, Int) throws -> R) rethrows -> R {
    try bytes.withUnsafeBufferPointer { utf8 in
        try utf8.withMemoryRebound(to: CChar.self) { try body($0.baseAddress, $0.count) }
    }
}

/// Calls `body` with the UTF-8 bytes of `text` as a C `char` buffer.
func withCChars<R>(_ text: String, _ body: (UnsafePointer<CChar>?, Int) throws -> R) rethrows -> R {
    try withCChars(Array(text.utf8), body)
}
