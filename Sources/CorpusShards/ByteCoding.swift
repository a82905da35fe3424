import CXXHash

/// Appends little-endian integers to a byte array (the shard format is little-endian throughout).
struct ByteWriter {
    /// The bytes so far.
    var bytes: [UInt8] = []

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u16(_ value: UInt16) { append(value) }
    mutating func u32(_ value: UInt32) { append(value) }
    mutating func u64(_ value: UInt64) { append(value) }
    mutating func raw(_ value: [UInt8]) { bytes.append(contentsOf: value) }
    mutating func zeros(upTo count: Int) { bytes.append(contentsOf: repeatElement(0, count: max(0, count - bytes.count))) }

    private mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}

/// Reads little-endian integers from a byte array at increasing offsets.
struct ByteReader {
    /// The bytes read.
    let bytes: [UInt8]
    /// The next offset.
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func u8() -> UInt8 { defer { offset += 1 }; return bytes[offset] }
    mutating func u16() -> UInt16 { next() }
    mutating func u32() -> UInt32 { next() }
    mutating func u64() -> UInt64 { next() }
    mutating func raw(_ count: Int) -> [UInt8] { defer { offset += count }; return Array(bytes[offset..<(offset + count)]) }

    private mutating func next<T: FixedWidthInteger>() -> T {
        var value = T.zero
        withUnsafeMutableBytes(of: &value) { target in
            bytes.withUnsafeBytes { target.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + MemoryLayout<T>.size)])) }
        }
        offset += MemoryLayout<T>.size
        return T(littleEndian: value)
    }
}

/// XXH64 (seed 0 unless given), the checksum of every part of a shard and of whole files.
enum Checksum {
    /// XXH64 of `bytes`.
    static func xxh64(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        XXH64(bytes.baseAddress, bytes.count, seed)
    }

    /// XXH64 of `bytes`.
    static func xxh64(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
        bytes.withUnsafeBytes { xxh64($0, seed: seed) }
    }

    /// XXH64 of `bytes[range]`.
    static func xxh64(_ bytes: [UInt8], _ range: Range<Int>) -> UInt64 {
        bytes.withUnsafeBytes { xxh64(UnsafeRawBufferPointer(rebasing: $0[range])) }
    }

    /// `value` as 16 lowercase hex digits, as manifests write checksums.
    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// XXH64 of a whole file, read in 4 MiB pieces.
    static func xxh64(file: InputFile) throws -> UInt64 {
        guard let state = XXH64_createState() else { throw ShardError.cannotRead(path: file.path, reason: "cannot allocate a hash state") }
        defer { XXH64_freeState(state) }
        XXH64_reset(state, 0)
        let piece = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 22, alignment: 16)
        defer { piece.deallocate() }
        var offset = 0
        while offset < file.size {
            let count = min(piece.count, file.size - offset)
            let slice = UnsafeMutableRawBufferPointer(rebasing: piece[..<count])
            try file.read(into: slice, at: offset, part: "file")
            XXH64_update(state, slice.baseAddress, count)
            offset += count
        }
        return XXH64_digest(state)
    }
}
