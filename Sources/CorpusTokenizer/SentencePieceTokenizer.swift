import CCryptoShim
import CSentencePieceShim
import Foundation

/// A loaded SentencePiece model: text to token ids and back.
///
/// Immutable once loaded; `encode` may run on one shared instance from many threads at once.
public final class SentencePieceTokenizer: @unchecked Sendable {
    private let handle: OpaquePointer
    /// Number of ids; valid ids are `0..<vocabSize`.
    public let vocabSize: Int
    /// SHA-256 of the model file's bytes, lowercase hex: names this tokenizer in shard manifests.
    public let modelHash: String
    /// Unigram or BPE, as the model says (nil for word/char models or when it does not say).
    public let modelType: TokenizerModelType?
    /// The special pieces found in the model.
    public let specialTokens: SpecialTokens

    /// Loads the `.model` file at `path`.
    public convenience init(modelFile path: String) throws(TokenizerError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file"
            throw .cannotLoad(path: path, reason: reason)
        }
        try self.init(modelBytes: [UInt8](data), name: path)
    }

    /// Loads a model from the bytes of a `.model` file; `name` appears in errors.
    public init(modelBytes: [UInt8], name: String = "model bytes") throws(TokenizerError) {
        var message: UnsafeMutablePointer<CChar>?
        let loaded = modelBytes.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { corpus_spm_load_bytes($0.baseAddress, $0.count, &message) }
        }
        guard let loaded else { throw .cannotLoad(path: name, reason: takeMessage(message, status: -1)) }
        handle = loaded
        vocabSize = Int(corpus_spm_vocab_size(loaded))
        modelHash = sha256Hex(modelBytes)
        modelType = ModelProto.modelType(of: modelBytes).flatMap { [1: .unigram, 2: .bpe][$0] }
        specialTokens = SpecialTokens(vocabSize: vocabSize,
                                      meta: (corpus_spm_pad_id(loaded), corpus_spm_eos_id(loaded), corpus_spm_unk_id(loaded), corpus_spm_bos_id(loaded)),
                                      controlPieces: Self.controlPieces(loaded, vocabSize: vocabSize))
    }

    deinit { corpus_spm_free(handle) }

    /// Appends the ids of `text` (UTF-8 bytes) to `ids`, reusing its capacity: the hot path
    /// for encoding documents into shards. Adds no bos/eos; no `String` is made.
    public func encode(utf8 text: UnsafeRawBufferPointer, appendingTo ids: inout [UInt32]) throws(TokenizerError) {
        guard let base = text.baseAddress, !text.isEmpty else { return }
        let start = ids.count
        // Pieces cover at least one byte each, so the byte count is enough unless normalization
        // expands the text (NFKC ligatures); then the shim reports the count and we retry.
        var room = text.count + 16
        for _ in 0..<2 {
            ids.append(contentsOf: repeatElement(0, count: room))
            var count = 0
            var message: UnsafeMutablePointer<CChar>?
            let status = ids.withUnsafeMutableBytes { buffer in
                let tail = buffer.baseAddress.map { ($0 + start * MemoryLayout<UInt32>.stride).assumingMemoryBound(to: Int32.self) }
                return corpus_spm_encode(handle, base.assumingMemoryBound(to: CChar.self), text.count,
                                         tail, room, &count, &message)
            }
            guard status == CORPUS_SPM_OK else {
                ids.removeSubrange(start...)
                throw .codingFailed(message: takeMessage(message, status: status))
            }
            if count <= room {
                ids.removeSubrange((start + count)...)
                return
            }
            ids.removeSubrange(start...)
            room = count
        }
        throw .codingFailed(message: "the encoded length changed between two encodings of the same text")
    }

    /// The ids of `text`.
    public func encode(_ text: String) throws(TokenizerError) -> [UInt32] {
        var ids: [UInt32] = []
        var text = text
        let result = text.withUTF8 { bytes in
            Result { () throws(TokenizerError) in try encode(utf8: UnsafeRawBufferPointer(bytes), appendingTo: &ids) }
        }
        try result.get()
        return ids
    }

    /// The text of `ids` (control pieces such as `</s>` and sentinels decode to nothing).
    public func decode(_ ids: [UInt32]) throws(TokenizerError) -> String {
        if let bad = ids.first(where: { $0 >= vocabSize }) { throw .idOutOfRange(id: bad, vocabSize: vocabSize) }
        var text: UnsafeMutablePointer<CChar>?
        var length = 0
        var message: UnsafeMutablePointer<CChar>?
        let status = ids.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: Int32.self) { corpus_spm_decode(handle, $0.baseAddress, $0.count, &text, &length, &message) }
        }
        guard status == CORPUS_SPM_OK else { throw .codingFailed(message: takeMessage(message, status: status)) }
        defer { corpus_spm_free_string(text) }
        return text.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: length), as: UTF8.self) } ?? ""
    }

    /// The piece of `id` ("▁the", "<unk>", "<extra_id_0>"), or nil outside the vocabulary.
    public func piece(of id: UInt32) -> String? {
        Self.piece(handle, Int32(truncatingIfNeeded: id))
    }

    /// The id of `piece`, or nil when the vocabulary has no such piece.
    public func id(of piece: String) -> UInt32? {
        var piece = piece
        let id = piece.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in chars.baseAddress.map { corpus_spm_piece_to_id(handle, $0, chars.count) } ?? -1 }
        }
        guard id >= 0, Self.piece(handle, id) == piece else { return nil }
        return UInt32(id)
    }

    /// The score of `id`: log probability (unigram), minus the merge rank (BPE), 0 for control pieces.
    public func score(of id: UInt32) -> Float {
        corpus_spm_score(handle, Int32(truncatingIfNeeded: id))
    }

    /// What kind of piece `id` is.
    public func kind(of id: UInt32) -> PieceKind {
        guard id < vocabSize else { return .invalid }
        return PieceKind(rawValue: corpus_spm_piece_kind(handle, Int32(id)).rawValue) ?? .normal
    }

    private static func piece(_ handle: OpaquePointer, _ id: Int32) -> String? {
        var length = 0
        guard let bytes = corpus_spm_id_to_piece(handle, id, &length) else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: length), as: UTF8.self)
    }

    private static func controlPieces(_ handle: OpaquePointer, vocabSize: Int) -> [String: UInt32] {
        var pieces: [String: UInt32] = [:]
        for id in 0..<Int32(vocabSize) where corpus_spm_piece_kind(handle, id) == CORPUS_SPM_PIECE_CONTROL {
            if let piece = piece(handle, id) { pieces[piece] = UInt32(id) }
        }
        return pieces
    }
}

/// Kinds of vocabulary pieces, numbered as SentencePiece's `ModelProto` numbers them.
public enum PieceKind: UInt32, Sendable {
    /// Not an id of this vocabulary.
    case invalid = 0
    /// Learned from text (or user-defined).
    case normal = 1
    /// `<unk>`.
    case unknown = 2
    /// Never produced from text and decoded to nothing: pad, eos, bos, presets' symbols, sentinels.
    case control = 3
    /// Reserved and unused.
    case unused = 5
    /// A byte-fallback piece `<0x41>`.
    case byte = 6
}

/// A shim error message as a string (freeing it), or the bare status when there is none.
func takeMessage(_ message: UnsafeMutablePointer<CChar>?, status: Int32) -> String {
    defer { corpus_spm_free_string(message) }
    return message.map { String(cString: $0) } ?? "SentencePiece status \(status)"
}

/// Lowercase hex SHA-256 of `bytes`.
func sha256Hex(_ bytes: [UInt8]) -> String {
    var digest = [UInt8](repeating: 0, count: 32)
    bytes.withUnsafeBytes { corpus_sha256($0.baseAddress, $0.count, &digest) }
    return digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}
