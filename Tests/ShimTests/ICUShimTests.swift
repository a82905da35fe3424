import CICUShim
import Testing

/// Takes a malloc'd buffer from the ICU shim as a String, or throws ICU's error name.
private func takeICU(_ buffer: UnsafeMutablePointer<CChar>?, length: Int32, error: Int32) throws -> String {
    guard let buffer else { throw ShimFailure(String(cString: corpus_icu_error_name(error))) }
    defer { corpus_icu_free(buffer) }
    return string(utf8: buffer, count: Int(length))
}

/// Normalizes `text` to `form` (`CORPUS_ICU_NFC`, ...).
private func normalize(_ text: String, _ form: Int32) throws -> String {
    var length: Int32 = 0
    var error: Int32 = 0
    let buffer = withCChars(text) { corpus_icu_normalize_utf8(form, $0, Int32($1), &length, &error) }
    return try takeICU(buffer, length: length, error: error)
}

/// Whether `text` is already in `form`; throws ICU's error name on failure.
private func isNormalized(_ text: String, _ form: Int32) throws -> Bool {
    var error: Int32 = 0
    let answer = withCChars(text) { corpus_icu_is_normalized_utf8(form, $0, Int32($1), &error) }
    if answer < 0 { throw ShimFailure(String(cString: corpus_icu_error_name(error))) }
    return answer == 1
}

/// Converts `bytes` in `charset` to a UTF-8 String.
private func convert(_ bytes: [UInt8], from charset: String) throws -> String {
    var length: Int32 = 0
    var error: Int32 = 0
    let buffer = withCChars(bytes) { corpus_icu_convert_to_utf8(charset, $0, Int32($1), &length, &error) }
    return try takeICU(buffer, length: length, error: error)
}

/// ICU's canonical name for `charset`, or nil when ICU does not know it.
private func canonicalCharset(_ charset: String) -> String? {
    var out = [CChar](repeating: 0, count: 64)
    let known = corpus_icu_canonical_charset(charset, &out, Int32(out.count))
    return known == 1 ? string(nulTerminated: out) : nil
}

@Suite("ICU shim")
struct ICUShimTests {
    @Test("icu NFC composes e and a combining acute into é")
    func nfcComposes() throws {
        let decomposed = "e\u{0301}"
        #expect(try normalize(decomposed, Int32(CORPUS_ICU_NFC)).unicodeScalars.map(\.value) == [0xE9])
        #expect(try normalize("\u{00E9}", Int32(CORPUS_ICU_NFD)).unicodeScalars.map(\.value) == [0x65, 0x301])
    }

    @Test("icu NFKC maps the fi ligature and full-width letters to plain ASCII")
    func nfkcCompatibility() throws {
        #expect(try normalize("\u{FB01}ne", Int32(CORPUS_ICU_NFKC)) == "fine")
        #expect(try normalize("ＡＢＣ１２３", Int32(CORPUS_ICU_NFKC)) == "ABC123")
        #expect(try normalize("Straße", Int32(CORPUS_ICU_NFKC_CASEFOLD)) == "strasse")
    }

    @Test("icu reports whether text is already normalized")
    func isNormalizedAnswers() throws {
        #expect(try isNormalized("caf\u{00E9}", Int32(CORPUS_ICU_NFC)))
        #expect(try !isNormalized("cafe\u{0301}", Int32(CORPUS_ICU_NFC)))
        #expect(try !isNormalized("\u{FB01}", Int32(CORPUS_ICU_NFKC)))
        #expect(throws: ShimFailure.self) { try isNormalized("x", 99) }
    }

    @Test("icu converts Shift_JIS, EUC-JP and GBK bytes of 日本語 to UTF-8")
    func legacyCJK() throws {
        #expect(try convert([0x93, 0xFA, 0x96, 0x7B, 0x8C, 0xEA], from: "Shift_JIS") == "日本語")
        #expect(try convert([0xC6, 0xFC, 0xCB, 0xDC, 0xB8, 0xEC], from: "EUC-JP") == "日本語")
        #expect(try convert([0xC8, 0xD5, 0xB1, 0xBE, 0xD5, 0x5A], from: "GBK") == "日本語")
    }

    @Test("icu maps windows-1252 byte 0x80 to the euro sign")
    func windows1252Euro() throws {
        #expect(try convert([0x80, 0x20, 0x35], from: "windows-1252") == "€ 5")
    }

    @Test("icu fails an unknown charset with a named error")
    func unknownCharset() {
        let error = #expect(throws: ShimFailure.self) { try convert([0x41], from: "no-such-charset-x") }
        #expect(error?.message == "U_FILE_ACCESS_ERROR")
        #expect(canonicalCharset("no-such-charset-x") == nil)
    }

    @Test("icu gives canonical names for charset aliases")
    func canonicalNames() {
        #expect(canonicalCharset("latin1") == "ISO-8859-1")
        #expect(canonicalCharset("utf8") == "UTF-8")
    }
}
