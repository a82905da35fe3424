import CorpusCore

/// Replaces e-mail addresses and IPv4 addresses in the text with fixed placeholders; never
/// drops a document. Counts the replacements as details `emails` and `ipv4_addresses`.
///
/// - E-mail: `local@domain.tld`, with a local part of letters, digits and `._%+-`, a domain of
///   letters, digits, `-` and `.`, and a final label of at least two letters (ASCII only).
/// - IPv4: four decimal numbers 0–255 joined by dots, not preceded or followed by a digit, a
///   letter or a dot-digit pair (so version strings like `1.2.3.4.5` are left alone).
public struct PIIMasker: DetailedDocumentFilter {
    /// The settings of PII masking.
    public struct Options: FilterOptions {
        /// Whether e-mail addresses are replaced.
        public var emails: Bool
        /// Whether IPv4 addresses are replaced.
        public var ipv4: Bool
        /// The text written instead of an e-mail address.
        public var emailReplacement: String
        /// The text written instead of an IPv4 address.
        public var ipv4Replacement: String

        /// Masks both kinds with `<EMAIL>` and `<IPV4>`.
        public init(emails: Bool = true, ipv4: Bool = true, emailReplacement: String = "<EMAIL>", ipv4Replacement: String = "<IPV4>") {
            self.emails = emails
            self.ipv4 = ipv4
            self.emailReplacement = emailReplacement
            self.ipv4Replacement = ipv4Replacement
        }

        enum CodingKeys: String, CodingKey {
            case emails, ipv4, emailReplacement = "email_replacement", ipv4Replacement = "ipv4_replacement"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = Options()
            emails = try c.decodeIfPresent(Bool.self, forKey: .emails) ?? d.emails
            ipv4 = try c.decodeIfPresent(Bool.self, forKey: .ipv4) ?? d.ipv4
            emailReplacement = try c.decodeIfPresent(String.self, forKey: .emailReplacement) ?? d.emailReplacement
            ipv4Replacement = try c.decodeIfPresent(String.self, forKey: .ipv4Replacement) ?? d.ipv4Replacement
        }

        public static let acceptedKeys = ["emails", "ipv4", "email_replacement", "ipv4_replacement"]

        public func validate() throws(FilterConfigurationError) {}
    }

    public let name = "pii"
    /// The settings in force.
    public let options: Options

    /// Makes the masker.
    public init(options: Options = Options()) { self.options = options }

    public func apply(to document: inout Document, details: inout Tally) -> Verdict {
        let bytes = Array(document.text.utf8)
        var out: [UInt8] = []
        var emails = 0, addresses = 0
        var i = 0
        var copied = 0
        while i < bytes.count {
            if options.emails, bytes[i] == UInt8(ascii: "@"), let (start, end) = PIIPatterns.email(around: i, in: bytes), start >= copied {
                out += bytes[copied..<start]
                out += options.emailReplacement.utf8
                copied = end
                i = end
                emails += 1
                continue
            }
            if options.ipv4, PIIPatterns.isDigit(bytes[i]), i == 0 || !PIIPatterns.isAddressNeighbor(bytes[i - 1]),
               let end = PIIPatterns.ipv4(startingAt: i, in: bytes) {
                out += bytes[copied..<i]
                out += options.ipv4Replacement.utf8
                copied = end
                i = end
                addresses += 1
                continue
            }
            i += 1
        }
        guard emails + addresses > 0 else { return .keep }
        out += bytes[copied...]
        document.text = String(decoding: out, as: UTF8.self)
        if emails > 0 { details.add("emails", emails) }
        if addresses > 0 { details.add("ipv4_addresses", addresses) }
        return .keep
    }
}

/// Byte-level recognizers for `PIIMasker`.
enum PIIPatterns {
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    static func isAddressNeighbor(_ b: UInt8) -> Bool { isDigit(b) || isLetter(b) || b == UInt8(ascii: ".") }

    static func isLocal(_ b: UInt8) -> Bool {
        isDigit(b) || isLetter(b) || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "%")
            || b == UInt8(ascii: "+") || b == UInt8(ascii: "-")
    }

    /// The byte range of an e-mail address whose `@` is at `at`.
    static func email(around at: Int, in bytes: [UInt8]) -> (Int, Int)? {
        var start = at
        while start > 0, isLocal(bytes[start - 1]) { start -= 1 }
        guard start < at else { return nil }
        var end = at + 1
        while end < bytes.count, isDigit(bytes[end]) || isLetter(bytes[end]) || bytes[end] == UInt8(ascii: "-") || bytes[end] == UInt8(ascii: ".") {
            end += 1
        }
        // Back off trailing dots and hyphens; the last label must be 2+ letters.
        while end > at + 1, bytes[end - 1] == UInt8(ascii: ".") || bytes[end - 1] == UInt8(ascii: "-") { end -= 1 }
        guard let lastDot = bytes[(at + 1)..<end].lastIndex(of: UInt8(ascii: ".")), lastDot > at + 1 else { return nil }
        let label = bytes[(lastDot + 1)..<end]
        guard label.count >= 2, label.allSatisfy(isLetter) else { return nil }
        return (start, end)
    }

    /// The end of a dotted-quad IPv4 address starting at `start`.
    static func ipv4(startingAt start: Int, in bytes: [UInt8]) -> Int? {
        var i = start
        for part in 0..<4 {
            var value = 0, digits = 0
            while i < bytes.count, isDigit(bytes[i]), digits < 3 {
                value = value * 10 + Int(bytes[i] - 0x30)
                digits += 1
                i += 1
            }
            guard digits > 0, value <= 255 else { return nil }
            if part < 3 {
                guard i < bytes.count, bytes[i] == UInt8(ascii: ".") else { return nil }
                i += 1
            }
        }
        if i < bytes.count, isDigit(bytes[i]) || isLetter(bytes[i]) { return nil }
        if i + 1 < bytes.count, bytes[i] == UInt8(ascii: "."), isDigit(bytes[i + 1]) { return nil }
        return i
    }
}
