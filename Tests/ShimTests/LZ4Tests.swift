import CLZ4
import Testing

/// Compresses `input` into a single LZ4 frame at compression `level`.
private func lz4Compress(_ input: [UInt8], level: Int32) throws -> [UInt8] {
    var preferences = LZ4F_preferences_t()
    preferences.compressionLevel = level
    var output = [UInt8](repeating: 0, count: LZ4F_compressFrameBound(input.count, &preferences))
    let written = output.withUnsafeMutableBytes { out in
        input.withUnsafeBytes { source in
            LZ4F_compressFrame(out.baseAddress, out.count, source.baseAddress, source.count, &preferences)
        }
    }
    if LZ4F_isError(written) != 0 { throw ShimFailure(String(cString: LZ4F_getErrorName(written))) }
    output.removeSubrange(written...)
    return output
}

/// Decompresses one LZ4 frame, feeding the decoder `chunkSize` bytes at a time.
private func lz4Decompress(_ frame: [UInt8], chunkSize: Int) throws -> [UInt8] {
    var context: OpaquePointer?
    let created = LZ4F_createDecompressionContext(&context, UInt32(LZ4F_VERSION))
    if LZ4F_isError(created) != 0 { throw ShimFailure(String(cString: LZ4F_getErrorName(created))) }
    defer { LZ4F_freeDecompressionContext(context) }

    var result: [UInt8] = []
    var scratch = [UInt8](repeating: 0, count: 4096)
    var hint = 1  // LZ4F_decompress answers 0 once the frame is complete
    try frame.withUnsafeBytes { whole in
        var offset = 0
        while offset < whole.count && hint != 0 {
            let chunk = UnsafeRawBufferPointer(rebasing: whole[offset..<min(offset + chunkSize, whole.count)])
            var used = 0
            var destinationSize = 0
            // A full output buffer may leave decoded bytes pending, so call again even when the
            // chunk is used up.
            repeat {
                var sourceSize = chunk.count - used
                destinationSize = scratch.count
                hint = scratch.withUnsafeMutableBytes { out in
                    LZ4F_decompress(context, out.baseAddress, &destinationSize,
                                    chunk.baseAddress.map { $0 + used }, &sourceSize, nil)
                }
                if LZ4F_isError(hint) != 0 { throw ShimFailure(String(cString: LZ4F_getErrorName(hint))) }
                result.append(contentsOf: scratch[..<destinationSize])
                used += sourceSize
            } while hint != 0 && (used < chunk.count || destinationSize == scratch.count)
            offset += chunk.count
        }
    }
    if hint != 0 { throw ShimFailure("LZ4 frame ended early") }
    return result
}

@Suite("LZ4 frame API")
struct LZ4Tests {
    @Test("lz4 frame round-trips text and shrinks repetitive input")
    func roundTrip() throws {
        let input = repetitiveText(repeats: 200)
        for level: Int32 in [0, 3, 9] {
            let frame = try lz4Compress(input, level: level)
            #expect(frame.count < input.count / 4, "level \(level) gave \(frame.count) bytes")
            #expect(Array(frame.prefix(4)) == [0x04, 0x22, 0x4D, 0x18], "LZ4 frame magic, little-endian")
            #expect(try lz4Decompress(frame, chunkSize: frame.count) == input)
        }
    }

    @Test("lz4 frame decodes the same whether fed whole or a few bytes at a time")
    func chunkedDecode() throws {
        let input = repetitiveText(repeats: 50) + Array(utf8: "tail without repeats: 0123456789")
        let frame = try lz4Compress(input, level: 0)
        for chunkSize in [1, 7, 64, frame.count] {
            #expect(try lz4Decompress(frame, chunkSize: chunkSize) == input, "chunk size \(chunkSize)")
        }
    }

    @Test("lz4 frame rejects bytes that are not a frame")
    func rejectsGarbage() {
        #expect(throws: ShimFailure.self) { try lz4Decompress(Array(utf8: "definitely not lz4"), chunkSize: 64) }
    }
}
