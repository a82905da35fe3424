import CLZ4
import CZlib
import CZstd
import Foundation

/// Builders for test inputs: WARC records, HTTP responses, compressed bytes, temporary files.
/// Compression here calls the C libraries directly, independently of the library's own code.
public enum Fixtures {
    /// One WARC record. `contentLength` overrides the true length to make damaged records.
    public static func warcRecord(
        type: String, uri: String? = "http://example.com/", id: String = "<urn:uuid:00000000-0000-0000-0000-000000000001>",
        date: String = "2024-01-02T03:04:05Z", contentType: String? = nil, extraHeaders: [(String, String)] = [],
        content: [UInt8], version: String = "WARC/1.1", contentLength: Int? = nil
    ) -> [UInt8] {
        var header = "\(version)\r\nWARC-Type: \(type)\r\nWARC-Record-ID: \(id)\r\nWARC-Date: \(date)\r\n"
        if let uri { header += "WARC-Target-URI: \(uri)\r\n" }
        if let contentType { header += "Content-Type: \(contentType)\r\n" }
        for (name, value) in extraHeaders { header += "\(name): \(value)\r\n" }
        header += "Content-Length: \(contentLength ?? content.count)\r\n\r\n"
        return Array(header.utf8) + content + Array("\r\n\r\n".utf8)
    }

    /// An HTTP response message as a WARC `response` record holds it.
    public static func httpResponse(status: Int = 200, headers: [(String, String)], body: [UInt8]) -> [UInt8] {
        var head = "HTTP/1.1 \(status) OK\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        return Array((head + "\r\n").utf8) + body
    }

    /// A `response` record for an HTML page.
    public static func htmlResponse(_ html: String, uri: String = "http://example.com/", id: Int = 1,
                                    contentType: String = "text/html; charset=utf-8") -> [UInt8] {
        warcRecord(type: "response", uri: uri, id: recordID(id), contentType: "application/http; msgtype=response",
                   content: httpResponse(headers: [("Content-Type", contentType)], body: Array(html.utf8)))
    }

    /// A deterministic WARC-Record-ID for index `n`.
    public static func recordID(_ n: Int) -> String {
        let hex = String(n, radix: 16)
        return "<urn:uuid:00000000-0000-0000-0000-\(String(repeating: "0", count: max(0, 12 - hex.count)))\(hex)>"
    }

    /// `bytes` as one gzip member.
    public static func gzip(_ bytes: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        deflateInit2_(&stream, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 64)
        var input = bytes
        let produced = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = UInt32(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = UInt32(outBuffer.count)
                deflate(&stream, Z_FINISH)
                return outBuffer.count - Int(stream.avail_out)
            }
        }
        return Array(output[..<produced])
    }

    /// `bytes` as one zstd frame.
    public static func zstd(_ bytes: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: ZSTD_compressBound(bytes.count))
        let size = output.withUnsafeMutableBytes { out in
            bytes.withUnsafeBytes { ZSTD_compress(out.baseAddress, out.count, $0.baseAddress, $0.count, 3) }
        }
        return Array(output[..<size])
    }

    /// `bytes` as one lz4 frame.
    public static func lz4(_ bytes: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: LZ4F_compressFrameBound(bytes.count, nil))
        let size = output.withUnsafeMutableBytes { out in
            bytes.withUnsafeBytes { LZ4F_compressFrame(out.baseAddress, out.count, $0.baseAddress, $0.count, nil) }
        }
        return Array(output[..<size])
    }

    /// A new empty directory for one test.
    public static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "corpus-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes `bytes` to `name` inside `directory` and returns the path.
    @discardableResult
    public static func write(_ bytes: [UInt8], to name: String, in directory: String) -> String {
        let path = directory + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }
}
