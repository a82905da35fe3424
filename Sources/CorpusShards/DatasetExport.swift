/// Formats a split can be exported to, for trainers that read their own formats.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// Megatron-LM's `MMapIndexedDataset`: `PREFIX.bin` (the tokens) and `PREFIX.idx`, one sequence per document.
    case megatron
    /// NumPy `.npy` v1.0: `PREFIX.tokens.npy` (all tokens) and `PREFIX.offsets.npy` (uint64 document starts, then the total).
    case npy
}

/// Writes one split of a dataset in another format, streaming the shards a block at a time.
public enum DatasetExport {
    /// The files `export` writes for `prefix`.
    public static func files(_ format: ExportFormat, prefix: String) -> [String] {
        switch format {
        case .megatron: return [prefix + ".bin", prefix + ".idx"]
        case .npy: return [prefix + ".tokens.npy", prefix + ".offsets.npy"]
        }
    }

    /// Exports `split` of `dataset` as `format` to the files named by `prefix`; each appears
    /// atomically. Returns the documents and tokens written.
    @discardableResult
    public static func export(_ dataset: TokenDataset, split: DatasetSplit, format: ExportFormat, prefix: String) throws -> (documents: Int, tokens: Int) {
        let shards = dataset.shards(of: split)
        let tokens = shards.reduce(0) { $0 + $1.tokens }
        let width = dataset.manifest.tokenWidth
        let paths = files(format, prefix: prefix)
        try makeDirectories(splitPath(prefix).directory)
        let data = try OutputFile(path: paths[0])
        if format == .npy { try data.append(npyHeader(descr: width == 2 ? "<u2" : "<u4", count: tokens)) }
        var lengths: [Int] = []
        for shard in shards {
            let reader = try dataset.open(shard)
            let offsets = reader.documentOffsets
            lengths.append(contentsOf: zip(offsets.dropFirst(), offsets).map { $0 - $1 })
            try stream(reader) { chunk in try appendTokens(chunk, width: width, to: data) }
        }
        let index = try OutputFile(path: paths[1])
        switch format {
        case .megatron: try index.append(megatronIndex(lengths: lengths, width: width))
        case .npy:
            var body = ByteWriter()
            body.raw(npyHeader(descr: "<u8", count: lengths.count + 1))
            var total: UInt64 = 0
            body.u64(0)
            for length in lengths { total += UInt64(length); body.u64(total) }
            try index.append(body.bytes)
        }
        try data.commit()
        try index.commit()
        return (lengths.count, tokens)
    }

    /// Megatron's `.idx`: magic `MMIDIDX\0\0`, u64 version 1, u8 dtype code (8 uint16, 4 int32),
    /// u64 sequence count, u64 document-index count (documents + 1), int32 sequence lengths,
    /// int64 byte pointers into `.bin`, int64 document index (0, 1, …, documents).
    static func megatronIndex(lengths: [Int], width: Int) -> [UInt8] {
        var out = ByteWriter()
        out.raw(Array("MMIDIDX".utf8) + [0, 0])
        out.u64(1)
        out.u8(width == 2 ? 8 : 4)
        out.u64(UInt64(lengths.count))
        out.u64(UInt64(lengths.count + 1))
        for length in lengths { out.u32(UInt32(length)) }
        var pointer: UInt64 = 0
        for length in lengths {
            out.u64(pointer)
            pointer += UInt64(length * width)
        }
        for document in 0...lengths.count { out.u64(UInt64(document)) }
        return out.bytes
    }

    /// A `.npy` v1.0 header for a one-dimensional array, padded so the data starts at a multiple of 64.
    static func npyHeader(descr: String, count: Int) -> [UInt8] {
        var dictionary = "{'descr': '\(descr)', 'fortran_order': False, 'shape': (\(count),), }"
        let unpadded = 10 + dictionary.utf8.count + 1
        dictionary += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var out = ByteWriter()
        out.raw([0x93] + Array("NUMPY".utf8) + [1, 0])
        out.u16(UInt16(dictionary.utf8.count))
        out.raw(Array(dictionary.utf8))
        return out.bytes
    }

    /// Calls `body` with the shard's tokens, about a million at a time.
    static func stream(_ reader: ShardReader, _ body: (UnsafeBufferPointer<UInt32>) throws -> Void) throws {
        let chunk = max(1, (1 << 20) / reader.header.blockTokens) * reader.header.blockTokens
        let buffer = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: chunk)
        defer { buffer.deallocate() }
        var position = 0
        while position < reader.tokenCount {
            let end = min(position + chunk, reader.tokenCount)
            let target = UnsafeMutableBufferPointer(rebasing: buffer[..<(end - position)])
            try reader.read(position..<end, into: target)
            try body(UnsafeBufferPointer(target))
            position = end
        }
    }

    private static func appendTokens(_ tokens: UnsafeBufferPointer<UInt32>, width: Int, to file: OutputFile) throws {
        if width == 4 {
            try file.append(UnsafeRawBufferPointer(tokens))
            return
        }
        let narrow = tokens.map { UInt16(truncatingIfNeeded: $0).littleEndian }
        try narrow.withUnsafeBytes { try file.append($0) }
    }
}
