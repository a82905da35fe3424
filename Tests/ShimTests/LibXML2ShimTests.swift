import CLibXML2Shim
import Testing

/// Collects SAX events as strings: "<p", "text", "/p".
private final class EventLog {
    var events: [String] = []
    private var lastWasText = false

    func element(_ event: String) {
        events.append(event)
        lastWasText = false
    }

    /// Text may arrive in several pieces; adjacent pieces are joined.
    func text(_ chunk: String) {
        if lastWasText, let last = events.popLast() { events.append(last + chunk) } else { events.append(chunk) }
        lastWasText = true
    }
}

private func events(_ html: String) -> [String] {
    let log = EventLog()
    var callbacks = corpus_html_sax_callbacks()
    callbacks.start_element = { context, name, attributes in
        guard let context, let name else { return }
        var event = "<" + String(cString: name)
        var index = 0
        while let attributes, let attribute = attributes[index] {
            event += " \(String(cString: attribute))=\(attributes[index + 1].map { String(cString: $0) } ?? "")"
            index += 2
        }
        Unmanaged<EventLog>.fromOpaque(context).takeUnretainedValue().element(event)
    }
    callbacks.end_element = { context, name in
        guard let context, let name else { return }
        Unmanaged<EventLog>.fromOpaque(context).takeUnretainedValue().element("/" + String(cString: name))
    }
    callbacks.characters = { context, text, length in
        guard let context, let text else { return }
        let chunk = UnsafeBufferPointer(start: text, count: Int(length)).withMemoryRebound(to: UInt8.self) {
            String(decoding: $0, as: UTF8.self)
        }
        Unmanaged<EventLog>.fromOpaque(context).takeUnretainedValue().text(chunk)
    }
    let bytes = Array(html.utf8)
    let status = withExtendedLifetime(log) {
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                corpus_html_sax_parse($0.baseAddress, $0.count, &callbacks, Unmanaged.passUnretained(log).toOpaque())
            }
        }
    }
    #expect(status == 0)
    return log.events
}

@Suite("libxml2 HTML SAX shim")
struct LibXML2ShimTests {
    @Test("libxml2 reports elements, attributes and decoded text in document order")
    func elementsAndText() {
        #expect(events("<html lang=\"en\"><body><p>a &amp; <b>b</b></p></body></html>")
            == ["<html lang=en", "<body", "<p", "a & ", "<b", "b", "/b", "/p", "/body", "/html"])
    }

    @Test("libxml2 closes implied and unclosed elements as it recovers from broken markup")
    func recoversFromBrokenMarkup() {
        let log = events("<p>one<p>two<div>three")
        #expect(log.filter { $0.hasPrefix("<") } == ["<html", "<body", "<p", "<p", "<div"])
        #expect(log.filter { $0.hasPrefix("/") }.count == 5)
        #expect(log.contains("three"))
    }

    @Test("libxml2 ignores a meta charset because its input is already UTF-8")
    func ignoresDeclaredCharset() {
        let log = events("<meta charset=\"shift_jis\"><p>日本語</p>")
        #expect(log.contains("日本語"))
    }
}
