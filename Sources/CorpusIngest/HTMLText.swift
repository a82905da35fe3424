/// The readable text of an HTML page, as the web pipeline keeps it.
public struct HTMLText: Sendable, Equatable {
    /// Visible text: one line per block element, whitespace collapsed, empty lines dropped,
    /// the title as the first line (as Common Crawl's WET text has it).
    public var text: String
    /// The `<title>`, whitespace collapsed; nil when absent or empty.
    public var title: String?
    /// The `lang` attribute of `<html>`, lowercased, when present.
    public var language: String?
}

/// Which HTML parser turns pages into text.
public enum HTMLParser: String, Sendable, CaseIterable, Codable {
    /// libxml2's HTML parser in streaming (SAX) mode: no tree is built, so it is the faster.
    case libxml2
    /// Google's gumbo, a full HTML5 tree builder: exactly the tree a browser builds.
    case gumbo
}

/// Turns HTML into text with a real HTML parser.
///
/// Script, style, noscript, template and other non-text elements are dropped; block elements
/// become line breaks; runs of whitespace become one space; the title leads the text.
public enum HTMLTextExtractor {
    /// Extracts the text of a UTF-8 HTML document.
    public static func extract(utf8 html: [UInt8], parser: HTMLParser = .libxml2) -> HTMLText {
        html.withUnsafeBufferPointer { extract(utf8: $0, parser: parser) }
    }

    /// Extracts the text of decoded HTML in place, without copying its bytes out of the string.
    static func extract(html: String, parser: HTMLParser) -> HTMLText {
        var html = html
        return html.withUTF8 { extract(utf8: $0, parser: parser) }
    }

    static func extract(utf8 html: UnsafeBufferPointer<UInt8>, parser: HTMLParser) -> HTMLText {
        switch parser {
        case .gumbo: return GumboText.extract(utf8: html)
        case .libxml2: return LibXML2Text.extract(utf8: html)
        }
    }

    /// Puts the title first, as Common Crawl's WET text has it.
    static func assemble(body: String, title: String?, language: String?) -> HTMLText {
        var text = body
        let title = (title?.isEmpty ?? true) ? nil : title
        if let title, !text.hasPrefix(title + "\n"), text != title {
            text = text.isEmpty ? title : title + "\n" + text
        }
        return HTMLText(text: text, title: title, language: language)
    }
}
