import Foundation

/// A safetensors file (https://github.com/huggingface/safetensors), held in memory: named tensors
/// and string metadata. On disk: an 8-byte little-endian header length N, N bytes of JSON header
/// padded with spaces to a multiple of 8, then the tensors' bytes back to back, each at the
/// `data_offsets` (relative to the end of the header) the header gives it.
public struct SafeTensorsFile: Sendable, Equatable {
    /// The tensors by name.
    public var tensors: [String: SafeTensor]
    /// The header's `__metadata__` string map; empty when the file has none (nothing is written).
    public var metadata: [String: String]

    /// A file of `tensors` and `metadata`, to encode or write.
    public init(tensors: [String: SafeTensor], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// Reads and fully validates the file at `path`; each tensor is read straight into its own buffer.
    public static func read(path: String) throws -> SafeTensorsFile {
        let file = try SafeTensorsFileReader(path: path)
        guard file.size >= 8 else { throw SafeTensorsError.truncatedHeader(source: path, fileSize: file.size) }
        let length = try headerLength(file.bytes(at: 0, count: 8), fileSize: file.size, source: path)
        let layout = try SafeTensorsLayout(header: file.bytes(at: 8, count: length)[...],
                                           bufferSize: file.size - 8 - length, source: path)
        var tensors: [String: SafeTensor] = [:]
        for entry in layout.entries {
            let data = try file.bytes(at: 8 + length + entry.begin, count: entry.end - entry.begin)
            tensors[entry.name] = SafeTensor(dtype: entry.dtype, shape: entry.shape, data: data)
        }
        return SafeTensorsFile(tensors: tensors, metadata: layout.metadata)
    }

    /// Parses and fully validates a whole file held in `bytes`; `source` names it in errors.
    public init(bytes: [UInt8], source: String) throws {
        guard bytes.count >= 8 else { throw SafeTensorsError.truncatedHeader(source: source, fileSize: bytes.count) }
        let length = try Self.headerLength(Array(bytes[0..<8]), fileSize: bytes.count, source: source)
        let layout = try SafeTensorsLayout(header: bytes[8..<(8 + length)], bufferSize: bytes.count - 8 - length, source: source)
        var tensors: [String: SafeTensor] = [:]
        for entry in layout.entries {
            let start = 8 + length
            tensors[entry.name] = SafeTensor(dtype: entry.dtype, shape: entry.shape,
                                             data: Array(bytes[(start + entry.begin)..<(start + entry.end)]))
        }
        self.init(tensors: tensors, metadata: layout.metadata)
    }

    /// The file's bytes, as the Python and Rust libraries write them: tensors by descending dtype
    /// alignment then by name (UTF-8 byte order), `__metadata__` first with its keys sorted.
    public func encoded() throws -> [UInt8] {
        let (header, ordered) = try prepared()
        var bytes = header
        bytes.reserveCapacity(header.count + ordered.reduce(0) { $0 + $1.data.count })
        for tensor in ordered { bytes += tensor.data }
        return bytes
    }

    /// Writes `encoded()` to `path` atomically: a temporary file in the same folder, synced, then
    /// renamed over `path`. Nothing partial is ever at `path`.
    public func write(path: String) throws {
        let (header, ordered) = try prepared()
        let file = try SafeTensorsFileWriter(path: path)
        try file.append(header)
        for tensor in ordered { try file.append(tensor.data) }
        try file.commit()
    }

    /// The length prefix and header, and the tensors in the order their bytes follow it.
    private func prepared() throws -> (header: [UInt8], tensors: [SafeTensor]) {
        let named = try tensors.map { name, tensor in
            guard name != "__metadata__" else {
                throw SafeTensorsError.invalidTensor(name: name, reason: "the name is reserved for the header's metadata")
            }
            guard let bytes = tensor.dtype.byteCount(shape: tensor.shape), bytes == tensor.data.count else {
                throw SafeTensorsError.invalidTensor(
                    name: name, reason: "\(tensor.data.count) bytes of \(tensor.dtype.rawValue) do not hold shape \(tensor.shape)")
            }
            return (name: name, tensor: tensor)
        }.sorted { a, b in
            let (rankA, rankB) = (a.tensor.dtype.alignmentRank, b.tensor.dtype.alignmentRank)
            return rankA != rankB ? rankA > rankB : a.name.utf8.lexicographicallyPrecedes(b.name.utf8)
        }
        var fields: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            fields.append(jsonString("__metadata__") + ":{"
                          + pairs.map { jsonString($0.key) + ":" + jsonString($0.value) }.joined(separator: ",") + "}")
        }
        var offset = 0
        for (name, tensor) in named {
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            fields.append(jsonString(name) + ":{\"dtype\":\"\(tensor.dtype.rawValue)\",\"shape\":[\(shape)],"
                          + "\"data_offsets\":[\(offset),\(offset + tensor.data.count)]}")
            offset += tensor.data.count
        }
        var json = Array(("{" + fields.joined(separator: ",") + "}").utf8)
        // Spaces after the JSON put the byte buffer, and so every tensor of the widest type first, 8-byte aligned.
        json += [UInt8](repeating: 0x20, count: (8 - json.count % 8) % 8)
        return (SafeTensor.littleEndianBytes([UInt64(json.count)]) + json, named.map(\.tensor))
    }

    /// The header length from the file's first 8 bytes, checked against the limit and the file size.
    private static func headerLength(_ prefix: [UInt8], fileSize: Int, source: String) throws -> Int {
        let length = prefix.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard length <= 100_000_000 else { throw SafeTensorsError.headerTooLarge(source: source, headerLength: length) }
        guard 8 + Int(length) <= fileSize else {
            throw SafeTensorsError.headerBeyondFile(source: source, headerLength: length, fileSize: fileSize)
        }
        return Int(length)
    }
}

/// `text` as a JSON string literal, escaped exactly as serde_json (the Rust crate's JSON) does:
/// quote, backslash and control characters only, the latter as `\n`-style or lowercase `\u00xx`.
private func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        case "\u{00}"..."\u{1F}":
            let hex = String(scalar.value, radix: 16)
            out += "\\u00" + (hex.count == 1 ? "0" : "") + hex
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
