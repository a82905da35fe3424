#if canImport(Glibc)
import Glibc
#endif

import CLibXML2Shim

/// HTML to text through libxml2's HTML parser in SAX mode: events in, lines out, no tree.
enum LibXML2Text {
    static func extract(utf8 html: UnsafeBufferPointer<UInt8>) -> HTMLText {
        let state = SAXState()
        var callbacks = corpus_html_sax_callbacks()
        callbacks.start_element = { context, name, attributes in
            guard let context, let name else { return }
            Unmanaged<SAXState>.fromOpaque(context).takeUnretainedValue().start(name, attributes)
        }
        callbacks.end_element = { context, name in
            guard let context, let name else { return }
            Unmanaged<SAXState>.fromOpaque(context).takeUnretainedValue().end(name)
        }
        callbacks.characters = { context, text, length in
            guard let context, let text else { return }
            Unmanaged<SAXState>.fromOpaque(context).takeUnretainedValue().characters(text, Int(length))
        }
        withExtendedLifetime(state) {
            html.withMemoryRebound(to: CChar.self) { chars in
                _ = corpus_html_sax_parse(chars.baseAddress, chars.count, &callbacks,
                                          Unmanaged.passUnretained(state).toOpaque())
            }
        }
        return HTMLTextExtractor.assemble(body: state.body.finish(), title: state.titleText, language: state.language)
    }
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

    func start(_ name: UnsafePointer<CChar>, _ attributes: UnsafeMutablePointer<UnsafePointer<CChar>?>?) {
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

    func end(_ name: UnsafePointer<CChar>) {
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

    func characters(_ text: UnsafePointer<CChar>, _ length: Int) {
        guard skipDepth == 0 else { return }
        text.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
            if inTitle { title.append(bytes, count: length) } else { body.append(bytes, count: length) }
        }
    }

    private func attribute(_ wanted: String, in attributes: UnsafeMutablePointer<UnsafePointer<CChar>?>) -> String? {
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
