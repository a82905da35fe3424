import CXXHash
import Testing

/// XXH64 of `bytes` with `seed`, in one call.
private func xxh64(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
    bytes.withUnsafeBytes { XXH64($0.baseAddress, $0.count, seed) }
}

/// XXH3 64-bit hash of `bytes`.
private func xxh3(_ bytes: [UInt8]) -> UInt64 {
    bytes.withUnsafeBytes { XXH3_64bits($0.baseAddress, $0.count) }
}

// Reference values from the Python `xxhash` package (an independent build of the library).
@Suite("xxHash")
struct XXHashTests {
    @Test("xxh64 gives the reference values for empty and short input")
    func xxh64Reference() {
        #expect(xxh64([]) == 0xEF46_DB37_51D8_E999)
        #expect(xxh64(Array(utf8: "abc")) == 0x44BC_2CF5_AD77_0999)
        #expect(xxh64(Array(utf8: "abc"), seed: 1) == 0xBEA9_CA81_9932_8908)
    }

    @Test("xxh3 64-bit gives the reference values for empty and short input")
    func xxh3Reference() {
        #expect(xxh3([]) == 0x2D06_8005_38D3_94C2)
        #expect(xxh3(Array(utf8: "abc")) == 0x78AF_5F94_892F_3950)
    }

    @Test("xxh64 streaming state gives the one-shot hash however the input is split")
    func streamingMatchesOneShot() throws {
        let input = repetitiveText(repeats: 40)
        let expected = xxh64(input)
        guard let state = XXH64_createState() else { throw ShimFailure("XXH64_createState failed") }
        defer { XXH64_freeState(state) }
        for chunkSize in [1, 31, 32, 1000] {
            #expect(XXH64_reset(state, 0) == XXH_OK)
            for start in stride(from: 0, to: input.count, by: chunkSize) {
                let chunk = input[start..<min(start + chunkSize, input.count)]
                #expect(chunk.withUnsafeBytes { XXH64_update(state, $0.baseAddress, $0.count) } == XXH_OK)
            }
            #expect(XXH64_digest(state) == expected, "chunk size \(chunkSize)")
        }
    }
}
