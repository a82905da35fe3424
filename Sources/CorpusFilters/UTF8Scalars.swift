/// Decoding of the UTF-8 a Swift string holds (always valid) into code point values, shared by
/// the filters that index text the way Python's `str` does (Punkt, the quality filters).
enum UTF8Scalars {
    /// Calls `body` with each code point value of `bytes`, in order. `bytes` must be valid UTF-8.
    @inline(__always)
    static func forEachValue(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UInt32) -> Void) {
        var i = 0
        let count = bytes.count
        while i < count {
            let lead = UInt32(bytes[i])
            if lead < 0x80 {
                body(lead)
                i += 1
            } else if lead < 0xE0 {
                body((lead & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F))
                i += 2
            } else if lead < 0xF0 {
                body((lead & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F))
                i += 3
            } else {
                body((lead & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
                    | UInt32(bytes[i + 3] & 0x3F))
                i += 4
            }
        }
    }
}

/// Spreads a 64-bit hash over a power-of-two table (Fibonacci hashing): the product with 2^64/φ,
/// its top bits, so hashes that differ only in low bits still land apart.
@inline(__always)
func spreadHash(_ hash: UInt64, shift: UInt64) -> Int {
    Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> shift)
}
