import CICUShim

/// Text decoded from bytes of a declared or sniffed charset.
public struct DecodedText: Sendable, Equatable {
    /// The text, valid UTF-8.
    public var text: String
    /// The charset used, as a normalized label ("utf-8", "windows-1252", "shift_jis").
    public var charset: String
    /// Whether ill-formed bytes were replaced with U+FFFD.
    public var repaired: Bool
}

/// Finds a payload's charset (HTTP header, byte order mark, `<meta>`) and converts it to UTF-8
/// with ICU.
public enum CharsetDecoder {
    /// The `charset` parameter of a Content-Type value (`text/html; charset="EUC-JP"`), lowercased.
    public static func charset(fromContentType value: String) -> String? {
        for parameter in value.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingASCIIWhitespaceSub().lowercased() == "charset" else { continue }
            let label = parts[1].trimmingASCIIWhitespaceSub().trimmingCharacters(quotes: true).lowercased()
            return label.isEmpty ? nil : label
        }
        return nil
    }

    /// The charset an HTML page declares in a `<meta>` tag within its first 4 KiB, lowercased.
    public static func charset(fromHTMLPrefix bytes: ArraySlice<UInt8>) -> String? {
        let prefix = bytes.prefix(4096).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        let key = Array("charset".utf8)
        var index = 0
        while let found = firstIndex(of: key, in: prefix, from: index) {
            index = found + key.count
            // Only inside a <meta ...> tag: the nearest '<' before must open "<meta".
            guard let open = prefix[..<found].lastIndex(of: UInt8(ascii: "<")),
                  prefix[open...].starts(with: Array("<meta".utf8)),
                  !prefix[open..<found].contains(UInt8(ascii: ">")) else { continue }
            var cursor = index
            while cursor < prefix.count, prefix[cursor] == 0x20 { cursor += 1 }
            guard cursor < prefix.count, prefix[cursor] == UInt8(ascii: "=") else { continue }
            cursor += 1
            while cursor < prefix.count, prefix[cursor] == 0x20 || prefix[cursor] == 0x22 || prefix[cursor] == 0x27 { cursor += 1 }
            let labelStart = cursor
            while cursor < prefix.count, isLabelByte(prefix[cursor]) { cursor += 1 }
            if cursor > labelStart { return String(decoding: prefix[labelStart..<cursor], as: UTF8.self) }
        }
        return nil
    }

    /// Decodes `bytes` to UTF-8 text: a byte order mark wins, then `declared`, then UTF-8 when
    /// the bytes are valid UTF-8, else windows-1252 (the web's default for legacy pages).
    public static func decode(_ bytes: ArraySlice<UInt8>, declared: String?) -> DecodedText {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return decodeUTF8(bytes.dropFirst(3)) }
        if bytes.starts(with: [0xFE, 0xFF]) { return convert(bytes.dropFirst(2), label: "utf-16be") ?? decodeUTF8(bytes) }
        if bytes.starts(with: [0xFF, 0xFE]) { return convert(bytes.dropFirst(2), label: "utf-16le") ?? decodeUTF8(bytes) }
        let label = declared.map(canonicalLabel)
        if let label, label != "utf-8", let converted = convert(bytes, label: label) { return converted }
        if label == nil, String(validating: bytes, as: UTF8.self) == nil, let legacy = convert(bytes, label: "windows-1252") {
            return legacy
        }
        return decodeUTF8(bytes)
    }

    /// Maps charset labels as browsers do (WHATWG Encoding): `iso-8859-1` and `ascii` mean
    /// windows-1252, `gb2312` means GBK, and so on.
    public static func canonicalLabel(_ label: String) -> String {
        let label = label.lowercased()
        switch label {
        case "utf8", "utf-8", "unicode-1-1-utf-8", "x-unicode20utf8": return "utf-8"
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1", "ascii", "us-ascii", "cp1252",
             "windows-1252", "x-cp1252", "cp819", "ibm819", "iso-ir-100", "csisolatin1", "ansi_x3.4-1968":
            return "windows-1252"
        case "gb2312", "gbk", "x-gbk", "chinese", "csgb2312", "gb_2312-80", "cp936", "ms936", "windows-936":
            return "gbk"
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "windows-31j", "cp932", "csshiftjis":
            return "shift_jis"
        case "euc-kr", "ks_c_5601-1987", "windows-949", "cp949", "ksc5601": return "windows-949"
        case "iso-8859-9", "latin5", "iso8859-9": return "windows-1254"
        case "tis-620", "iso-8859-11": return "windows-874"
        default: return label
        }
    }

    private static func decodeUTF8(_ bytes: ArraySlice<UInt8>) -> DecodedText {
        if let text = String(validating: bytes, as: UTF8.self) {
            return DecodedText(text: text, charset: "utf-8", repaired: false)
        }
        return DecodedText(text: String(decoding: bytes, as: UTF8.self), charset: "utf-8", repaired: true)
    }

    /// Converts with ICU; nil when ICU does not know the label.
    private static func convert(_ bytes: ArraySlice<UInt8>, label: String) -> DecodedText? {
        var length: Int32 = 0
        var status: Int32 = 0
        let buffer: UnsafeMutablePointer<CChar>? = bytes.withUnsafeBufferPointer { raw in
            raw.withMemoryRebound(to: CChar.self) { chars in
                corpus_icu_convert_to_utf8(label, chars.baseAddress, Int32(chars.count), &length, &status)
            }
        }
        guard let buffer else { return nil }
        defer { corpus_icu_free(buffer) }
        let text = UnsafeBufferPointer(start: buffer, count: Int(length)).withMemoryRebound(to: UInt8.self) {
            String(decoding: $0, as: UTF8.self)
        }
        // ICU substitutes U+001A for unmappable bytes in some converters; U+FFFD marks a repair.
        return DecodedText(text: text, charset: label, repaired: text.utf8.contains(0x1A) || text.contains("\u{FFFD}"))
    }

    private static func isLabelByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F
            || byte == 0x2E || byte == 0x3A
    }
}

/// The first index at or after `from` where `needle` occurs in `haystack`.
func firstIndex(of needle: [UInt8], in haystack: [UInt8], from: Int = 0) -> Int? {
    guard !needle.isEmpty, haystack.count >= needle.count, from <= haystack.count - needle.count else { return nil }
    let first = needle[0]
    var index = from
    let last = haystack.count - needle.count
    while index <= last {
        if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
        index += 1
    }
    return nil
}

extension Substring {
    func trimmingASCIIWhitespaceSub() -> String { String(self).trimmingASCIIWhitespace() }
}

extension String {
    func trimmingCharacters(quotes: Bool) -> String {
        var result = Substring(self)
        while let first = result.first, first == "\"" || first == "'" { result = result.dropFirst() }
        while let last = result.last, last == "\"" || last == "'" { result = result.dropLast() }
        return String(result)
    }
}
