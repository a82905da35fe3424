import CZlib
import Testing

/// Runs deflate or inflate over `input` until `Z_STREAM_END`, collecting the output.
/// `step` is `deflate(_:_:)` or `inflate(_:_:)`; `flush` is what to pass it.
private func pump(_ stream: inout z_stream, _ input: [UInt8], flush: Int32,
                  _ step: (UnsafeMutablePointer<z_stream>, Int32) -> Int32) throws -> [UInt8] {
    var input = input
    var result: [UInt8] = []
    var scratch = [UInt8](repeating: 0, count: 256)
    try input.withUnsafeMutableBufferPointer { source in
        stream.next_in = source.baseAddress
        stream.avail_in = UInt32(source.count)
        var status = Z_OK
        while status != Z_STREAM_END {
            try scratch.withUnsafeMutableBufferPointer { out in
                stream.next_out = out.baseAddress
                stream.avail_out = UInt32(out.count)
                status = step(&stream, flush)
                if status != Z_OK && status != Z_STREAM_END {
                    let message = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                    throw ShimFailure(message)
                }
                result.append(contentsOf: out[..<(out.count - Int(stream.avail_out))])
            }
        }
    }
    return result
}

/// Compresses `input` as a gzip member (deflate with windowBits 15 + 16).
private func gzip(_ input: [UInt8]) throws -> [UInt8] {
    var stream = z_stream()
    let initialized = deflateInit2_(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY,
                                    zlibVersion(), Int32(MemoryLayout<z_stream>.size))
    guard initialized == Z_OK else { throw ShimFailure("deflateInit2 failed: \(initialized)") }
    defer { deflateEnd(&stream) }
    return try pump(&stream, input, flush: Z_FINISH, deflate)
}

/// Decompresses one gzip member.
private func gunzip(_ input: [UInt8]) throws -> [UInt8] {
    var stream = z_stream()
    let initialized = inflateInit2_(&stream, 31, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
    guard initialized == Z_OK else { throw ShimFailure("inflateInit2 failed: \(initialized)") }
    defer { inflateEnd(&stream) }
    return try pump(&stream, input, flush: Z_NO_FLUSH, inflate)
}

/// CRC-32 of `bytes` as zlib computes it.
private func crc(_ bytes: [UInt8]) -> UInt {
    bytes.withUnsafeBufferPointer { crc32(0, $0.baseAddress, UInt32($0.count)) }
}

@Suite("zlib gzip and crc32")
struct ZlibTests {
    @Test("zlib gzip round-trips text and shrinks repetitive input")
    func gzipRoundTrip() throws {
        let input = repetitiveText(repeats: 200)
        let member = try gzip(input)
        #expect(Array(member.prefix(3)) == [0x1F, 0x8B, 0x08], "gzip magic and deflate method")
        #expect(member.count < input.count / 10)
        #expect(try gunzip(member) == input)
    }

    @Test("zlib gzip trailer holds the crc32 and length of the input")
    func gzipTrailer() throws {
        let input = Array(utf8: "hello, gzip trailer")
        let member = try gzip(input)
        let trailer = member.suffix(8).map(UInt32.init)
        let storedCRC = trailer[0] | trailer[1] << 8 | trailer[2] << 16 | trailer[3] << 24
        let storedSize = trailer[4] | trailer[5] << 8 | trailer[6] << 16 | trailer[7] << 24
        #expect(UInt(storedCRC) == crc(input))
        #expect(Int(storedSize) == input.count)
    }

    @Test("zlib crc32 of 123456789 is the standard check value CBF43926")
    func crcCheckValue() {
        #expect(crc(Array(utf8: "123456789")) == 0xCBF4_3926)
    }

    @Test("zlib inflate reports an error for bytes that are not gzip")
    func rejectsGarbage() {
        #expect(throws: ShimFailure.self) { try gunzip(Array(utf8: "this is not a gzip member at all")) }
    }
}
