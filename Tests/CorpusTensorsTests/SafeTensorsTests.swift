import CorpusTensors
import CorpusTestSupport
import Foundation
import Testing

/// The bytes of a file whose header is `json` (padded with spaces to a multiple of 8) and whose
/// byte buffer is `data`.
private func fileBytes(json: String, data: [UInt8]) -> [UInt8] {
    var header = Array(json.utf8)
    header += [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8)
    return withUnsafeBytes(of: UInt64(header.count).littleEndian, Array.init) + header + data
}

/// The Rust crate's own `test_serialization` file: tensor "attn.0", F32 [1, 2, 3] = 0...5, built byte by byte.
private let attentionFile: [UInt8] = [64, 0, 0, 0, 0, 0, 0, 0] // header length 64, little-endian
    + Array(#"{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}"#.utf8) // exactly 64 bytes: no padding
    + [0, 0, 0, 0, /* 1.0 */ 0, 0, 128, 63, /* 2.0 */ 0, 0, 0, 64, /* 3.0 */ 0, 0, 64, 64, /* 4.0 */ 0, 0, 128, 64, /* 5.0 */ 0, 0, 160, 64]

/// `bytes` with the first occurrence of `old` replaced by `new` (same length keeps the header length right).
private func replacing(_ old: String, with new: String, in bytes: [UInt8]) -> [UInt8] {
    let (old, new) = (Array(old.utf8), Array(new.utf8))
    guard let start = (0...(bytes.count - old.count)).first(where: { bytes[$0..<($0 + old.count)].elementsEqual(old) }) else { return bytes }
    return Array(bytes[..<start]) + new + Array(bytes[(start + old.count)...])
}

/// Tensors of every dtype the typed initializers make, with a scalar and empty tensors.
private let mixed = SafeTensorsFile(
    tensors: [
        "weight": SafeTensor([0.5, -1.25, 3e-8, .infinity, -0.0, 1e30], shape: [2, 3]),
        "double": SafeTensor([Double.pi, -2, 1e-300], shape: [3]),
        "steps": SafeTensor([Int64.min, -1, 0, Int64.max], shape: [2, 2]),
        "ids": SafeTensor([Int32(7), -8, Int32.max], shape: [3, 1]),
        "tokens": SafeTensor([UInt32(0), 1, UInt32.max, 65_536], shape: [4]),
        "mask": SafeTensor(bytes: [0, 1, 255], shape: [3]),
        "scale": SafeTensor([Float(2.5)], shape: []),
        "empty": SafeTensor([Float](), shape: [0]),
        "empty.rows": SafeTensor([Int64](), shape: [3, 0]),
        "half": SafeTensor(dtype: .bf16, shape: [2], data: [0x80, 0x3F, 0x20, 0xC0]),
    ],
    metadata: ["format": "pt", "note": "quote \" slash / tab \t nul \u{0} é"])

@Suite("SafeTensors: the safetensors file format")
struct SafeTensorsTests {
    @Test("decodes the Rust crate's byte-by-byte fixture and encodes exactly those bytes again")
    func handWrittenFixture() throws {
        let file = try SafeTensorsFile(bytes: attentionFile, source: "attn.safetensors")
        #expect(file.metadata.isEmpty)
        #expect(file.tensors.count == 1)
        let tensor = try #require(file.tensors["attn.0"])
        #expect(tensor.dtype == .f32 && tensor.shape == [1, 2, 3])
        #expect(try tensor.floats() == [0, 1, 2, 3, 4, 5])
        #expect(try tensor.doubles() == [0, 1, 2, 3, 4, 5])
        #expect(try file.encoded() == attentionFile)
    }

    @Test("pads the header with spaces so the data starts 8-byte aligned, and writes metadata first")
    func paddingAndMetadata() throws {
        // The Rust crate's `test_empty` fixtures: no tensors, without and with metadata.
        #expect(try SafeTensorsFile(tensors: [:]).encoded() == [8, 0, 0, 0, 0, 0, 0, 0] + Array("{}      ".utf8))
        let withMetadata = try SafeTensorsFile(tensors: [:], metadata: ["framework": "pt"]).encoded()
        #expect(withMetadata == [40, 0, 0, 0, 0, 0, 0, 0] + Array(#"{"__metadata__":{"framework":"pt"}}     "#.utf8))
        // And `test_serialization_forced_alignement`: 65 bytes of JSON, 7 spaces.
        let forced = SafeTensorsFile(tensors: ["attn0": SafeTensor([0, 1, 2, 3, 4, 5] as [Float], shape: [1, 1, 2, 3])])
        let expected = fileBytes(json: #"{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}"#,
                                 data: Array(attentionFile[72...]))
        #expect(try forced.encoded() == expected)
        #expect(expected[8..<80].suffix(7).allSatisfy { $0 == 0x20 })
    }

    @Test("lays tensors out by descending dtype alignment, then by name, as the Python library does")
    func layoutOrder() throws {
        let file = SafeTensorsFile(tensors: [
            "b": SafeTensor(bytes: [1], shape: [1]), "a": SafeTensor(bytes: [2], shape: [1]),
            "z": SafeTensor([Double(1)], shape: [1]), "m": SafeTensor([Float(1)], shape: [1]),
            "n": SafeTensor([Int32(1)], shape: [1]), "o": SafeTensor([UInt32(1)], shape: [1]),
        ])
        let json = #"{"z":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"m":{"dtype":"F32","shape":[1],"data_offsets":[8,12]},"#
            + #""o":{"dtype":"U32","shape":[1],"data_offsets":[12,16]},"n":{"dtype":"I32","shape":[1],"data_offsets":[16,20]},"#
            + #""a":{"dtype":"U8","shape":[1],"data_offsets":[20,21]},"b":{"dtype":"U8","shape":[1],"data_offsets":[21,22]}}"#
        let data: [UInt8] = [0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0, 0, 0x80, 0x3F, 1, 0, 0, 0, 1, 0, 0, 0, 2, 1]
        #expect(try file.encoded() == fileBytes(json: json, data: data))
    }

    @Test("round-trips every typed dtype, a scalar, empty tensors and metadata through a file")
    func roundTrip() throws {
        let path = Fixtures.temporaryDirectory() + "/mixed.safetensors"
        try mixed.write(path: path)
        let read = try SafeTensorsFile.read(path: path)
        #expect(read == mixed)
        let weights: [Float] = [0.5, -1.25, 3e-8, .infinity, -0.0, 1e30]
        #expect(try read.tensors["weight"]?.floats().map(\.bitPattern) == weights.map(\.bitPattern))
        #expect(try read.tensors["double"]?.doubles() == [Double.pi, -2, 1e-300])
        #expect(try read.tensors["steps"]?.int64s() == [Int64.min, -1, 0, Int64.max])
        #expect(try read.tensors["ids"]?.int32s() == [7, -8, Int32.max])
        #expect(try read.tensors["tokens"]?.uint32s() == [0, 1, UInt32.max, 65_536])
        #expect(try read.tensors["mask"]?.uint32s() == [0, 1, 255])
        #expect(try read.tensors["scale"]?.floats() == [2.5])
        #expect(read.tensors["scale"]?.shape == [])
        #expect(try read.tensors["empty"]?.floats() == [])
        #expect(try read.tensors["empty.rows"]?.int64s() == [])
        #expect(try read.tensors["half"]?.floats() == [1, -2.5])
        #expect(read.metadata == mixed.metadata)
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: path))) == mixed.encoded())
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
        #expect(leftovers == ["mixed.safetensors"], "no temporary file is left beside it")
    }

    @Test("re-encodes a decoded file to identical bytes, whatever order its tensors were built in")
    func byteIdenticalReencoding() throws {
        let bytes = try mixed.encoded()
        let decoded = try SafeTensorsFile(bytes: bytes, source: "memory")
        #expect(try decoded.encoded() == bytes)
        var rebuilt = SafeTensorsFile(tensors: [:], metadata: mixed.metadata)
        for name in mixed.tensors.keys.sorted().reversed() { rebuilt.tensors[name] = mixed.tensors[name] }
        #expect(try rebuilt.encoded() == bytes)
        let headerLength = Int(bytes[0]) | Int(bytes[1]) << 8
        #expect((8 + headerLength) % 8 == 0)
    }

    @Test("converts F16 and BF16, normal, subnormal, zero and infinite values, exactly")
    func halfPrecision() throws {
        let halves: [UInt16] = [0x3C00, 0xC000, 0x0001, 0x8000, 0x7C00, 0x7BFF, 0x3555]
        let f16 = SafeTensor(dtype: .f16, shape: [7], data: halves.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let floats = try f16.floats()
        #expect(floats == [1, -2, 0x1p-24, -0.0, .infinity, 65_504, 0.333251953125])
        #expect(floats[3].sign == .minus)
        #expect(try f16.doubles() == floats.map(Double.init))
    }

    @Test("an accessor for another dtype throws wrongDType")
    func wrongDType() {
        let ids = SafeTensor([Int64(1)], shape: [1])
        #expect(throws: SafeTensorsError.wrongDType(requested: "Float (F32, F64, F16, BF16)", actual: .i64)) { try ids.floats() }
        #expect(throws: SafeTensorsError.wrongDType(requested: "Int32 (I32, I16, U16, I8, U8)", actual: .i64)) { try ids.int32s() }
        #expect(throws: SafeTensorsError.wrongDType(requested: "UInt32 (U32, U16, U8)", actual: .i32)) {
            try SafeTensor([Int32(1)], shape: [1]).uint32s()
        }
        #expect(throws: SafeTensorsError.wrongDType(requested: "Int64 (I64 or a narrower integer type)", actual: .f32)) {
            try SafeTensor([Float(1)], shape: [1]).int64s()
        }
    }

    @Test("refuses to encode a tensor whose bytes do not fit its shape, or one named __metadata__")
    func encodingChecks() {
        let short = SafeTensorsFile(tensors: ["w": SafeTensor(dtype: .f32, shape: [2], data: [0, 0, 0, 0])])
        #expect(throws: SafeTensorsError.invalidTensor(name: "w", reason: "4 bytes of F32 do not hold shape [2]")) { try short.encoded() }
        let reserved = SafeTensorsFile(tensors: ["__metadata__": SafeTensor(bytes: [], shape: [0])])
        #expect(throws: SafeTensorsError.invalidTensor(name: "__metadata__", reason: "the name is reserved for the header's metadata")) {
            try reserved.encoded()
        }
    }

    @Test("a file cut short, or with bytes after its tensors, is refused naming the file and the byte offsets")
    func truncation() {
        #expect(throws: SafeTensorsError.truncatedHeader(source: "t", fileSize: 5)) {
            try SafeTensorsFile(bytes: Array(attentionFile.prefix(5)), source: "t")
        }
        #expect(throws: SafeTensorsError.headerBeyondFile(source: "t", headerLength: 64, fileSize: 50)) {
            try SafeTensorsFile(bytes: Array(attentionFile.prefix(50)), source: "t")
        }
        #expect(throws: SafeTensorsError.bufferMismatch(source: "t", tensor: "attn.0", dataEnd: 24, bufferStart: 72, bufferSize: 20)) {
            try SafeTensorsFile(bytes: Array(attentionFile.dropLast(4)), source: "t")
        }
        #expect(throws: SafeTensorsError.bufferMismatch(source: "t", tensor: nil, dataEnd: 24, bufferStart: 72, bufferSize: 25)) {
            try SafeTensorsFile(bytes: attentionFile + [0], source: "t")
        }
    }

    @Test("a header length beyond the file or over 100 MB is refused")
    func headerLength() {
        var beyond = attentionFile
        beyond[0..<8] = [0xE8, 0x03, 0, 0, 0, 0, 0, 0]
        #expect(throws: SafeTensorsError.headerBeyondFile(source: "t", headerLength: 1000, fileSize: 96)) {
            try SafeTensorsFile(bytes: beyond, source: "t")
        }
        var huge = attentionFile
        huge[0..<8] = [0, 0, 0, 0, 0, 0, 0, 1]
        #expect(throws: SafeTensorsError.headerTooLarge(source: "t", headerLength: 1 << 56)) { try SafeTensorsFile(bytes: huge, source: "t") }
    }

    @Test("an unknown dtype, or a shape that does not match the offsets' span, is refused naming the tensor")
    func dtypeAndShape() {
        #expect(throws: SafeTensorsError.unknownDType(source: "t", tensor: "attn.0", dtype: "X32")) {
            try SafeTensorsFile(bytes: replacing("F32", with: "X32", in: attentionFile), source: "t")
        }
        #expect(throws: SafeTensorsError.sizeMismatch(source: "t", tensor: "attn.0", dtype: .f32, shape: [1, 2, 2], byteCount: 24)) {
            try SafeTensorsFile(bytes: replacing("[1,2,3]", with: "[1,2,2]", in: attentionFile), source: "t")
        }
        #expect(throws: SafeTensorsError.sizeMismatch(source: "t", tensor: "attn.0", dtype: .f64, shape: [1, 2, 3], byteCount: 24)) {
            try SafeTensorsFile(bytes: replacing("F32", with: "F64", in: attentionFile), source: "t")
        }
    }

    @Test("offsets that leave a hole, overlap, or run backwards are refused naming the tensor")
    func offsets() throws {
        func entries(_ b: String) -> String {
            #"{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"b":{"dtype":"U8","shape":[2],"data_offsets":"# + b + "}}"
        }
        #expect(throws: SafeTensorsError.badOffsets(source: "t", tensor: "b", begin: 3, end: 5, expectedBegin: 2)) {
            try SafeTensorsFile(bytes: fileBytes(json: entries("[3,5]"), data: [1, 2, 3, 4, 5]), source: "t")
        }
        #expect(throws: SafeTensorsError.badOffsets(source: "t", tensor: "b", begin: 1, end: 3, expectedBegin: 2)) {
            try SafeTensorsFile(bytes: fileBytes(json: entries("[1,3]"), data: [1, 2, 3]), source: "t")
        }
        #expect(throws: SafeTensorsError.badOffsets(source: "t", tensor: "b", begin: 2, end: 0, expectedBegin: 2)) {
            try SafeTensorsFile(bytes: fileBytes(json: entries("[2,0]"), data: [1, 2]), source: "t")
        }
        // Listed out of order in the JSON is fine, as in the Rust crate: only the offsets' order counts.
        let swapped = #"{"b":{"dtype":"U8","shape":[1],"data_offsets":[1,2]},"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}"#
        #expect(try SafeTensorsFile(bytes: fileBytes(json: swapped, data: [7, 9]), source: "t").tensors["b"]?.uint32s() == [9])
    }

    @Test("a header that is not JSON of the expected form is refused as badJSON")
    func badJSON() {
        for json in [#"["a"]"#, #"{"a":{"dtype":"U8","shape":[1]}}"#, #"{"__metadata__":{"n":1}}"#, "{\"a\":", #"{"a":{"dtype":"U8","shape":[-1],"data_offsets":[0,0]}}"#,
                     #"{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1,2]}}"#] {
            let error = #expect(throws: SafeTensorsError.self) { try SafeTensorsFile(bytes: fileBytes(json: json, data: [0]), source: "t") }
            guard case .badJSON(source: "t", byteOffset: 8, _) = error else {
                Issue.record("\(json): \(String(describing: error))")
                continue
            }
        }
        #expect(throws: SafeTensorsError.badJSON(source: "t", byteOffset: 8, reason: "the header is not valid UTF-8")) {
            try SafeTensorsFile(bytes: fileBytes(json: "{}", data: []).enumerated().map { $0.offset == 9 ? 0xFF : $0.element }, source: "t")
        }
    }

    @Test("every error message names the file it is about")
    func messages() throws {
        let path = Fixtures.temporaryDirectory() + "/missing.safetensors"
        #expect(throws: SafeTensorsError.io(path: path, reason: "cannot open: No such file or directory")) { try SafeTensorsFile.read(path: path) }
        let broken = Fixtures.write(Array(attentionFile.dropLast()), to: "broken.safetensors", in: Fixtures.temporaryDirectory())
        do {
            _ = try SafeTensorsFile.read(path: broken)
            Issue.record("a truncated file was read")
        } catch let error as SafeTensorsError {
            #expect(error.description.contains(broken) && error.description.contains("truncated"), "\(error)")
        }
    }
}
