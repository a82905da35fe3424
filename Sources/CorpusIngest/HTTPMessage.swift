/// An HTTP response as archived in a WARC `response` record: status, headers and raw body.
struct HTTPResponse {
    /// The status code (200, 301, ...).
    var status: Int
    /// Header fields in order, names lowercased.
    var headers: [(name: String, value: String)]
    /// The body exactly as archived (possibly chunked or content-encoded).
    var body: ArraySlice<UInt8>

    /// The first value of header `name` (lowercase).
    func header(_ name: String) -> String? {
        headers.first { $0.name == name }?.value
    }

    /// Parses a response; nil when the bytes do not start with a status line and headers.
    init?(parsing bytes: [UInt8]) {
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = 0
        var bodyStart: Int?
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0A {
                var line = bytes[lineStart..<index]
                if line.last == 0x0D { line = line.dropLast() }
                if line.isEmpty { bodyStart = index + 1; break }
                lines.append(line)
                lineStart = index + 1
                if lines.count > 500 { return nil }
            }
            index += 1
        }
        guard let bodyStart, let statusLine = lines.first, statusLine.starts(with: Array("HTTP/".utf8)) else { return nil }
        let parts = statusLine.split(separator: 0x20, maxSplits: 2)
        guard parts.count >= 2, let status = Int(String(decoding: parts[1], as: UTF8.self)) else { return nil }
        self.status = status
        headers = []
        for line in lines.dropFirst() {
            if let first = line.first, first == 0x20 || first == 0x09, !headers.isEmpty {
                headers[headers.count - 1].value += " " + String(decoding: line, as: UTF8.self).trimmingASCIIWhitespace()
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self).trimmingASCIIWhitespace().lowercased()
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingASCIIWhitespace()
            headers.append((name, value))
        }
        body = bytes[bodyStart...]
    }
}

/// Why an archived body could not be turned into the payload bytes.
enum BodyDecodingError: Error {
    case unsupportedEncoding(String)
    case corrupt(String)
}

/// Undoes HTTP transfer and content encodings of an archived body.
enum HTTPBodyDecoder {
    /// The payload of `response`: de-chunked when chunked, gunzipped when gzip-encoded.
    /// Archivers often store bodies already decoded while keeping the headers, so each step is
    /// applied only when the bytes actually have that shape.
    static func payload(of response: HTTPResponse) throws(BodyDecodingError) -> [UInt8] {
        var body = Array(response.body)
        if let transfer = response.header("transfer-encoding")?.lowercased(), transfer.contains("chunked"),
           let dechunked = dechunk(body) {
            body = dechunked
        }
        if let encoding = response.header("content-encoding")?.lowercased().trimmingASCIIWhitespace(), !encoding.isEmpty {
            switch encoding {
            case "identity", "none", "utf-8", "utf8": break
            case "gzip", "x-gzip", "deflate":
                if body.starts(with: [0x1F, 0x8B]) { body = try gunzip(body) }
            default:
                // Bodies archived decoded still pass; only real compressed bytes are refused.
                if !looksLikeText(body) { throw .unsupportedEncoding(encoding) }
            }
        }
        return body
    }

    /// Removes chunked transfer encoding; nil when the body is not chunked after all.
    static func dechunk(_ body: [UInt8]) -> [UInt8]? {
        var result: [UInt8] = []
        result.reserveCapacity(body.count)
        var index = 0
        while true {
            guard let lineEnd = body[index...].firstIndex(of: 0x0A) else { return nil }
            var sizeField = body[index..<lineEnd]
            if sizeField.last == 0x0D { sizeField = sizeField.dropLast() }
            if let semicolon = sizeField.firstIndex(of: UInt8(ascii: ";")) { sizeField = sizeField[..<semicolon] }
            let hex = String(decoding: sizeField, as: UTF8.self).trimmingASCIIWhitespace()
            guard !hex.isEmpty, hex.count <= 15, let size = Int(hex, radix: 16) else { return nil }
            index = lineEnd + 1
            if size == 0 { return result }
            // A last chunk cut short still yields what arrived, as browsers show it.
            let end = min(index + size, body.count)
            result.append(contentsOf: body[index..<end])
            index = end
            if index >= body.count { return result }
            if body[index] == 0x0D { index += 1 }
            if index < body.count, body[index] == 0x0A { index += 1 }
            if index >= body.count { return result }
        }
    }

    static func gunzip(_ bytes: [UInt8]) throws(BodyDecodingError) -> [UInt8] {
        do {
            let reader = ByteReader(try GzipDecoder(MemoryByteSource(bytes), file: "(http body)"), bufferSize: 1 << 16)
            return try reader.read(Int.max)
        } catch {
            throw .corrupt("\(error)")
        }
    }

    private static func looksLikeText(_ bytes: [UInt8]) -> Bool {
        bytes.prefix(512).allSatisfy { $0 >= 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
    }
}
