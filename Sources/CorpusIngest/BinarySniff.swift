/// Tells a binary body from text, for pages whose server labels an image, archive or PDF as
/// `text/html` or `text/plain`: WHATWG MIME sniffing's rule ("binary data bytes" in the
/// resource header), so such a record is skipped rather than decoded into U+FFFD characters.
enum BinarySniff {
    /// How many leading bytes are examined (the WHATWG resource header length).
    static let window = 1445

    /// The offset of the first binary data byte (0x00–0x08, 0x0B, 0x0E–0x1A, 0x1C–0x1F) among
    /// the first `window` bytes, or nil for text. A body starting with a UTF-8 or UTF-16 byte
    /// order mark is text, and so is one whose declared charset is UTF-16 or UTF-32 (NUL bytes
    /// are part of those encodings).
    static func binaryByteOffset(_ body: ArraySlice<UInt8>, declaredCharset: String?) -> Int? {
        if body.starts(with: [0xFE, 0xFF]) || body.starts(with: [0xFF, 0xFE]) || body.starts(with: [0xEF, 0xBB, 0xBF]) {
            return nil
        }
        if let charset = declaredCharset?.lowercased(), charset.hasPrefix("utf-16") || charset.hasPrefix("utf-32") {
            return nil
        }
        for (offset, byte) in body.prefix(window).enumerated() where isBinaryDataByte(byte) {
            return offset
        }
        return nil
    }

    private static func isBinaryDataByte(_ byte: UInt8) -> Bool {
        byte <= 0x08 || byte == 0x0B || (0x0E...0x1A).contains(byte) || (0x1C...0x1F).contains(byte)
    }
}
