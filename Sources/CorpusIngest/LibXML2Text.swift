#if canImport(Glibc)
import Glibc
#endif

import CLibXML2

/// HTML to text through libxml2's HTML parser in SAX mode: events in, lines out, no tree.
enum LibXML2Text {
    static func extract(utf8 html: [UInt8]) -> HTMLText {
        _ = initialized
        let state = SAXState()
        var handler = htmlSAXHandler()
        handler.startElement = { context, name, attributes in
            guard let context, let name else { return }
            Unmanaged<SAXState>.fromOpaque(context).takeUnretainedValue().start(name, attributes)
        }
        handler.endElement = { context, name in
            guard let context, let name else { return }
            Unmanaged<SAXState>.fromOpaque(context).takeUnretainedValue().end(name)
        }
        handler.characters = { context, text, length in
            guard let context, let text else { return }
            Unmanaged<SAXState>.fromOpaque(context).takeUnretainedValue().characters(text, Int(length))
        }
        handler.cdataBlock = handler.characters
        handler.ignorableWhitespace = handler.characters
        handler.serror = { _, _ in }  // damaged markup is the norm on the web: recover silently
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)
        withExtendedLifetime(state) {
            let context = htmlCreatePushParserCtxt(&handler, Unmanaged.passUnretained(state).toOpaque(), nil, 0, nil,
                                                   XML_CHAR_ENCODING_UTF8)
            guard let context else { return }
            defer { htmlFreeParserCtxt(context) }
            htmlCtxtUseOptions(context, options)
            html.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    // Large pages are fed in pieces: htmlParseChunk takes an Int32 length.
                    var offset = 0
                    repeat {
                        let size = min(chars.count - offset, 1 << 24)
                        let last: Int32 = offset + size >= chars.count ? 1 : 0
                        _ = htmlParseChunk(context, chars.baseAddress.map { $0 + offset }, Int32(size), last)
                        offset += size
                    } while offset < chars.count
                }
            }
        }
        return HTMLTextExtractor.assemble(body: state.body.finish(), title: state.titleText, language: state.language)
    }

    /// libxml2 wants one initialization before parsers run on several threads.
    private static let initialized: Void = { xmlInitParser() }()
}

/// What the SAX callbacks build for one page.
private final class SAXState {
    var body = LineWriter()
    var title = LineWriter()
    var titleText: String?
    var language: String?
    private var skipDepth = 0
    private var inTitle = false
    private var sawHTML = false

    func start(_ name: UnsafePointer<UInt8>, _ attributes: UnsafeMutablePointer<UnsafePointer<UInt8>?>?) {
        let kind = TagKind.of(cName: name)
        if !sawHTML, let attributes, strcmp(name, "html") == 0 {
            sawHTML = true
            language = attribute("lang", in: attributes)
        }
        if skipDepth > 0 {
            if kind == .skipped { skipDepth += 1 }
            return
        }
        switch kind {
        case .skipped: skipDepth = 1
        case .title: inTitle = titleText == nil
        case .lineBreak, .block: body.breakLine()
        case .cell: body.separate()
        case .inline: break
        }
    }

    func end(_ name: UnsafePointer<UInt8>) {
        let kind = TagKind.of(cName: name)
        if skipDepth > 0 {
            if kind == .skipped { skipDepth -= 1 }
            return
        }
        switch kind {
        case .title where inTitle:
            inTitle = false
            titleText = title.finish()
        case .block: body.breakLine()
        default: break
        }
    }

    func characters(_ text: UnsafePointer<UInt8>, _ length: Int) {
        guard skipDepth == 0 else { return }
        if inTitle { title.append(text, count: length) } else { body.append(text, count: length) }
    }

    private func attribute(_ wanted: String, in attributes: UnsafeMutablePointer<UnsafePointer<UInt8>?>) -> String? {
        var index = 0
        while let name = attributes[index] {
            let value = attributes[index + 1]
            if String(cString: name).lowercased() == wanted, let value {
                let text = String(cString: value).trimmingASCIIWhitespace().lowercased()
                return text.isEmpty ? nil : text
            }
            index += 2
        }
        return nil
    }
}

private func strcmp(_ a: UnsafePointer<UInt8>, _ b: String) -> Int32 {
    a.withMemoryRebound(to: CChar.self, capacity: 1) { Glibc.strcmp($0, b) }
}
