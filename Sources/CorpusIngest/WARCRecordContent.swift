import CorpusCore

/// One complete WARC record, turned into a document or a reason to skip it.
struct WARCRecordContent {
    let header: WARCHeader
    let content: [UInt8]
    let location: InputLocation
    let options: ReaderOptions

    func event() -> ReadEvent {
        let type = header.field("warc-type")?.lowercased() ?? ""
        switch type {
        case "response":
            let contentType = header.field("content-type")?.lowercased() ?? ""
            if contentType.contains("application/http") || content.starts(with: Array("HTTP/".utf8)) {
                return httpResponse()
            }
            return payload(content[...], contentType: contentType, httpLanguage: nil)
        case "resource":
            return payload(content[...], contentType: header.field("content-type")?.lowercased() ?? "", httpLanguage: nil)
        case "conversion":
            let decoded = CharsetDecoder.decode(content[...], declared: "utf-8")
            return document(text: decoded.text, charset: decoded.charset, title: nil, extraHints: [])
        case "warcinfo": return skip(.warcinfoRecord, "")
        case "request": return skip(.requestRecord, "")
        case "metadata": return skip(.metadataRecord, "")
        case "revisit": return skip(.revisitRecord, "")
        case "": return skip(.malformedRecordHeader, "no WARC-Type field")
        default: return skip(.otherRecordType, "WARC-Type \(type)")
        }
    }

    private func httpResponse() -> ReadEvent {
        guard let response = HTTPResponse(parsing: content) else {
            return skip(.malformedHTTP, "no HTTP status line and header block")
        }
        guard (200..<300).contains(response.status) else {
            return skip(.httpStatusNotOK, "HTTP status \(response.status)")
        }
        let body: [UInt8]
        do {
            body = try HTTPBodyDecoder.payload(of: response)
        } catch {
            return skip(.undecodablePayload, "\(error)")
        }
        let contentType = response.header("content-type")?.lowercased() ?? ""
        return payload(body[...], contentType: contentType, httpLanguage: response.header("content-language"))
    }

    private func payload(_ body: ArraySlice<UInt8>, contentType: String, httpLanguage: String?) -> ReadEvent {
        let mediaType = contentType.split(separator: ";").first.map { String($0).trimmingASCIIWhitespace() } ?? ""
        let declared = CharsetDecoder.charset(fromContentType: contentType)
        let hints = (httpLanguage ?? "").split(separator: ",").map { String($0).trimmingASCIIWhitespace().lowercased() }
            .filter { !$0.isEmpty }
        let isHTML = mediaType == "text/html" || mediaType == "application/xhtml+xml"
            || (mediaType.isEmpty && looksLikeHTML(body))
        if isHTML || mediaType == "text/plain", let offset = BinarySniff.binaryByteOffset(body, declaredCharset: declared) {
            let byte = String(body[body.startIndex + offset], radix: 16)
            return skip(.binaryServedAsText, "binary body (byte 0x\(byte.count == 1 ? "0" : "")\(byte) at offset \(offset)) "
                + "served as \(mediaType.isEmpty ? "HTML" : mediaType)")
        }
        if isHTML {
            let decoded = CharsetDecoder.decode(body, declared: declared ?? CharsetDecoder.charset(fromHTMLPrefix: body))
            let extracted = HTMLTextExtractor.extract(html: decoded.text, parser: options.htmlParser)
            return document(text: extracted.text, charset: decoded.charset, title: extracted.title,
                            extraHints: hints + (extracted.language.map { [$0] } ?? []))
        }
        if mediaType == "text/plain" {
            let decoded = CharsetDecoder.decode(body, declared: declared)
            return document(text: decoded.text, charset: decoded.charset, title: nil, extraHints: hints)
        }
        return skip(.notText, "content type \(mediaType.isEmpty ? "(none)" : mediaType)")
    }

    private func document(text: String, charset: String, title: String?, extraHints: [String]) -> ReadEvent {
        if text.utf8.allSatisfy(\.isASCIIWhitespace) {
            return skip(.emptyText, "")
        }
        var hints = extraHints
        if let identified = header.field("warc-identified-content-language") {
            hints += identified.split(separator: ",").map { String($0).trimmingASCIIWhitespace().lowercased() }
        }
        var seen = Set<String>()
        hints = hints.filter { seen.insert($0).inserted }
        let id = header.uri("warc-record-id") ?? "\(location.file)#\(location.record ?? 0)"
        let metadata = DocumentMetadata(
            sourceFile: location.file, recordIndex: location.record ?? 0, byteOffset: location.offset ?? 0,
            crawlDate: header.field("warc-date"), languageHints: hints, title: title, sourceCharset: charset)
        return .document(Document(id: id, text: text, url: header.uri("warc-target-uri"), metadata: metadata))
    }

    private func skip(_ reason: SkipReason, _ detail: String) -> ReadEvent {
        .skipped(SkippedRecord(reason, at: location, detail))
    }

    private func looksLikeHTML(_ body: ArraySlice<UInt8>) -> Bool {
        guard let first = body.prefix(256).first(where: { !$0.isASCIIWhitespace }) else {
            return false
        }
        return first == UInt8(ascii: "<")
    }
}
