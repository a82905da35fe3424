/// Text made safe to place in HTML (and XML): element content and quoted attribute values.
enum Markup {
    /// `text` with `& < > " '` as character references and the characters XML forbids or HTML
    /// calls parse errors (C0/C1 controls other than tab and line ends, noncharacters) as U+FFFD.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default: result.unicodeScalars.append(isAllowed(scalar) ? scalar : "\u{FFFD}")
            }
        }
        return result
    }

    /// Whether `scalar` may stand as itself in both an HTML and an XML document.
    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 || (0x7F...0x9F).contains(value) { return false }
        if (0xFDD0...0xFDEF).contains(value) || value & 0xFFFE == 0xFFFE { return false }
        return true
    }

    /// `text` shortened to `limit` characters, ending in "…" when it was cut.
    static func excerpt(_ text: String, limit: Int) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit)) + "…"
    }

    /// An element `name` with escaped `text` as its content and `attributes` (values escaped).
    static func element(_ name: String, _ text: String, _ attributes: [(String, String)] = []) -> String {
        "<\(name)\(attributeList(attributes))>\(escape(text))</\(name)>"
    }

    /// ` key="value"` pairs, values escaped, in the order given.
    static func attributeList(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
    }
}
