import Foundation

/// Where each tensor of a safetensors file lies in its byte buffer, parsed from the JSON header and
/// checked as strictly as the Rust crate does: known dtypes, sizes that match shapes, and offsets
/// that, taken in order, tile the whole buffer with no hole and no overlap.
struct SafeTensorsLayout {
    /// One tensor's header entry; `begin..<end` are its bytes, relative to the buffer's start.
    struct Entry {
        var name: String
        var dtype: SafeTensorsDType
        var shape: [Int]
        var begin: Int
        var end: Int
    }

    /// The tensors in the order of their offsets.
    var entries: [Entry]
    /// The `__metadata__` map, empty when absent.
    var metadata: [String: String]

    /// Parses `header` (the file's bytes 8..<8+N) for a buffer of `bufferSize` bytes after it.
    init(header: ArraySlice<UInt8>, bufferSize: Int, source: String) throws {
        let bufferStart = 8 + header.count
        guard String(bytes: header, encoding: .utf8) != nil else {
            throw SafeTensorsError.badJSON(source: source, byteOffset: 8, reason: "the header is not valid UTF-8")
        }
        let json: HeaderJSON
        do {
            json = try JSONDecoder().decode(HeaderJSON.self, from: Data(header))
        } catch let error as DecodingError {
            throw SafeTensorsError.badJSON(source: source, byteOffset: 8, reason: Self.describe(error))
        }
        metadata = json.metadata
        entries = []
        for (name, info) in json.tensors.sorted(by: { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }) {
            guard let dtype = SafeTensorsDType(rawValue: info.dtype) else {
                throw SafeTensorsError.unknownDType(source: source, tensor: name, dtype: info.dtype)
            }
            guard info.dataOffsets.count == 2, info.dataOffsets.allSatisfy({ $0 >= 0 }), info.shape.allSatisfy({ $0 >= 0 }) else {
                throw SafeTensorsError.badJSON(
                    source: source, byteOffset: 8,
                    reason: "tensor \"\(name)\": shape \(info.shape) and data_offsets \(info.dataOffsets) must be "
                        + "non-negative, data_offsets a pair [BEGIN, END]")
            }
            entries.append(Entry(name: name, dtype: dtype, shape: info.shape, begin: info.dataOffsets[0], end: info.dataOffsets[1]))
        }
        // By (begin, end) as the Rust crate sorts, then by name so the same entry is blamed for the same fault.
        entries.sort { a, b in
            (a.begin, a.end) != (b.begin, b.end) ? (a.begin, a.end) < (b.begin, b.end) : a.name.utf8.lexicographicallyPrecedes(b.name.utf8)
        }
        var expected = 0
        for entry in entries {
            guard entry.begin == expected, entry.end >= entry.begin else {
                throw SafeTensorsError.badOffsets(source: source, tensor: entry.name, begin: entry.begin, end: entry.end,
                                                  expectedBegin: expected)
            }
            guard entry.dtype.byteCount(shape: entry.shape) == entry.end - entry.begin else {
                throw SafeTensorsError.sizeMismatch(source: source, tensor: entry.name, dtype: entry.dtype, shape: entry.shape,
                                                    byteCount: entry.end - entry.begin)
            }
            guard entry.end <= bufferSize else {
                throw SafeTensorsError.bufferMismatch(source: source, tensor: entry.name, dataEnd: entry.end,
                                                      bufferStart: bufferStart, bufferSize: bufferSize)
            }
            expected = entry.end
        }
        guard expected == bufferSize else {
            throw SafeTensorsError.bufferMismatch(source: source, tensor: nil, dataEnd: expected,
                                                  bufferStart: bufferStart, bufferSize: bufferSize)
        }
    }

    /// A decoding failure in words: where in the JSON, and what was wrong.
    private static func describe(_ error: DecodingError) -> String {
        func at(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return path.isEmpty ? "" : path + ": "
        }
        switch error {
        case .dataCorrupted(let context):
            return at(context) + context.debugDescription + (context.underlyingError.map { " (\($0))" } ?? "")
        case .keyNotFound(let key, let context): return at(context) + "missing \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return at(context) + context.debugDescription
        @unknown default: return String(describing: error)
        }
    }
}

/// The header's JSON: a top-level object of tensor entries and an optional `__metadata__` string
/// map. Unknown fields inside an entry are ignored, as the Rust crate ignores them.
private struct HeaderJSON: Decodable {
    struct Tensor: Decodable {
        var dtype: String
        var shape: [Int]
        var dataOffsets: [Int]

        enum CodingKeys: String, CodingKey {
            case dtype, shape
            case dataOffsets = "data_offsets"
        }
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    var tensors: [(name: String, info: Tensor)] = []
    var metadata: [String: String] = [:]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        for key in container.allKeys {
            if key.stringValue == "__metadata__" {
                metadata = try container.decode([String: String].self, forKey: key)
            } else {
                tensors.append((key.stringValue, try container.decode(Tensor.self, forKey: key)))
            }
        }
    }
}
