/// A complete dataset folder, opened for reading: the manifest is read and every shard it lists
/// must exist with the size it records, or the folder is refused as an incomplete dataset.
public final class TokenDataset: Sendable {
    /// The dataset folder.
    public let directory: String
    /// Its manifest.
    public let manifest: DatasetManifest

    /// Opens the dataset at `directory`.
    public init(directory: String) throws {
        self.directory = directory
        manifest = try DatasetManifest.read(directory: directory)
        for shard in manifest.shards {
            let path = directory + "/" + shard.file
            guard let size = fileSize(path) else {
                throw ShardError.incompleteDataset(path: directory, detail: "the manifest lists \(shard.file) but it is missing")
            }
            guard size == shard.bytes else {
                throw ShardError.incompleteDataset(path: directory, detail: "\(shard.file) has \(size) bytes, the manifest says \(shard.bytes)")
            }
        }
    }

    /// The shards of `split`, in order.
    public func shards(of split: DatasetSplit) -> [ShardSummary] { manifest.shards(of: split) }

    /// The path of a shard the manifest lists.
    public func path(of shard: ShardSummary) -> String { directory + "/" + shard.file }

    /// Opens a shard and checks its header against the manifest.
    public func open(_ shard: ShardSummary) throws -> ShardReader {
        let reader = try ShardReader(path: path(of: shard))
        let header = reader.header
        let hash = header.tokenizerHash.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
        let mismatches = [
            header.tokenCount != shard.tokens ? "\(header.tokenCount) tokens, the manifest says \(shard.tokens)" : nil,
            header.documentCount != shard.documents ? "\(header.documentCount) documents, the manifest says \(shard.documents)" : nil,
            header.split != shard.split ? "split \(header.split.rawValue), the manifest says \(shard.split.rawValue)" : nil,
            header.vocabSize != manifest.vocabSize ? "vocabulary \(header.vocabSize), the manifest says \(manifest.vocabSize)" : nil,
            header.tokenWidth != manifest.tokenWidth ? "token width \(header.tokenWidth), the manifest says \(manifest.tokenWidth)" : nil,
            hash != manifest.tokenizerSHA256 ? "tokenizer \(hash), the manifest says \(manifest.tokenizerSHA256)" : nil,
        ].compactMap { $0 }
        if let first = mismatches.first {
            throw ShardError.incompleteDataset(path: directory, detail: "\(shard.file) does not match the manifest: \(first)")
        }
        return reader
    }

    /// Checks everything: each file's XXH64 against the manifest, each header against the
    /// manifest, every block's checksum and lz4 frame. Throws at the first damage found;
    /// `progress` hears about each shard as it is done.
    @discardableResult
    public func verify(progress: (ShardSummary) -> Void = { _ in }) throws -> DatasetVerification {
        var result = DatasetVerification()
        for shard in manifest.shards {
            let sum = Checksum.hex(try Checksum.xxh64(file: InputFile(path: path(of: shard))))
            let reader = try open(shard)
            result.storedBlockBytes += try reader.verifyAll()
            guard sum == shard.xxh64 else {
                throw ShardError.corrupt(path: path(of: shard), part: "file", byteOffset: 0,
                                         detail: "file checksum \(sum), the manifest says \(shard.xxh64); the blocks and sections check out, so the damage is in bytes no checksum inside the file covers")
            }
            result.shards += 1
            result.fileBytes += shard.bytes
            result.tokens += shard.tokens
            result.documents += shard.documents
            result.decodedBytes += shard.tokens * manifest.tokenWidth
            progress(shard)
        }
        return result
    }
}

/// What `TokenDataset.verify` checked.
public struct DatasetVerification: Equatable, Sendable {
    /// Shard files checked.
    public var shards = 0
    /// Bytes of shard files hashed.
    public var fileBytes = 0
    /// Compressed block bytes read and decoded.
    public var storedBlockBytes = 0
    /// Bytes lz4 decoded (tokens times the stored width).
    public var decodedBytes = 0
    /// Tokens decoded.
    public var tokens = 0
    /// Documents in the checked shards.
    public var documents = 0
}
