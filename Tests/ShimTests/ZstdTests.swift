import CZstd
import Testing

/// Throws the library's message when `code` is a zstd error code.
private func checkZstd(_ code: Int) throws -> Int {
    if ZSTD_isError(code) != 0 { throw ShimFailure(String(cString: ZSTD_getErrorName(code))) }
    return code
}

/// Compresses `input` into one zstd frame at `level`.
private func zstdCompress(_ input: [UInt8], level: Int32) throws -> [UInt8] {
    var output = [UInt8](repeating: 0, count: ZSTD_compressBound(input.count))
    let written = try checkZstd(output.withUnsafeMutableBytes { out in
        input.withUnsafeBytes { ZSTD_compress(out.baseAddress, out.count, $0.baseAddress, $0.count, level) }
    })
    output.removeSubrange(written...)
    return output
}

/// Decompresses a frame whose header records its content size, in one call.
private func zstdDecompress(_ frame: [UInt8]) throws -> [UInt8] {
    let size = frame.withUnsafeBytes { ZSTD_getFrameContentSize($0.baseAddress, $0.count) }
    // Both "unknown" and "error" are reported as sizes near UInt64.max.
    guard size < UInt64(Int32.max) else { throw ShimFailure("no content size in frame header") }
    var output = [UInt8](repeating: 0, count: Int(size))
    let written = try checkZstd(output.withUnsafeMutableBytes { out in
        frame.withUnsafeBytes { ZSTD_decompress(out.baseAddress, out.count, $0.baseAddress, $0.count) }
    })
    output.removeSubrange(written...)
    return output
}

/// Decompresses with the streaming API, feeding `chunkSize` input bytes and draining a small
/// output buffer at each step.
private func zstdDecompressStreaming(_ frame: [UInt8], chunkSize: Int) throws -> [UInt8] {
    guard let stream = ZSTD_createDStream() else { throw ShimFailure("ZSTD_createDStream failed") }
    defer { ZSTD_freeDStream(stream) }
    _ = try checkZstd(ZSTD_initDStream(stream))

    var result: [UInt8] = []
    var scratch = [UInt8](repeating: 0, count: 1000)
    var remaining = 1  // ZSTD_decompressStream answers 0 once a frame is complete
    try frame.withUnsafeBytes { whole in
        var offset = 0
        while offset < whole.count {
            let count = min(chunkSize, whole.count - offset)
            var input = ZSTD_inBuffer(src: whole.baseAddress.map { $0 + offset }, size: count, pos: 0)
            var full = false
            // Keep going while input is left or the output filled up (more may be pending).
            repeat {
                try scratch.withUnsafeMutableBytes { out in
                    var output = ZSTD_outBuffer(dst: out.baseAddress, size: out.count, pos: 0)
                    remaining = try checkZstd(ZSTD_decompressStream(stream, &output, &input))
                    result.append(contentsOf: out[..<output.pos])
                    full = output.pos == output.size
                }
            } while input.pos < input.size || full
            offset += count
        }
    }
    if remaining != 0 { throw ShimFailure("zstd frame ended early") }
    return result
}

@Suite("zstd simple and streaming APIs")
struct ZstdTests {
    @Test("zstd round-trips text and shrinks repetitive input")
    func roundTrip() throws {
        let input = repetitiveText(repeats: 200)
        for level: Int32 in [1, 3, 19] {
            let frame = try zstdCompress(input, level: level)
            #expect(frame.count < input.count / 10, "level \(level) gave \(frame.count) bytes")
            #expect(Array(frame.prefix(4)) == [0x28, 0xB5, 0x2F, 0xFD], "zstd magic, little-endian")
            #expect(try zstdDecompress(frame) == input)
        }
    }

    @Test("zstd streaming decompression matches one-shot however the input is chunked")
    func streaming() throws {
        let input = repetitiveText(repeats: 300) + Array(utf8: "and a tail 0123456789")
        let frame = try zstdCompress(input, level: 3)
        for chunkSize in [1, 13, 512, frame.count] {
            #expect(try zstdDecompressStreaming(frame, chunkSize: chunkSize) == input, "chunk size \(chunkSize)")
        }
    }

    @Test("zstd reports the library's error for a truncated frame")
    func truncatedInput() throws {
        var frame = try zstdCompress(repetitiveText(repeats: 10), level: 3)
        frame.removeLast(5)
        let error = #expect(throws: ShimFailure.self) { try zstdDecompress(frame) }
        #expect(error?.message.isEmpty == false)
    }
}
