import CSentencePieceShim
import Foundation
import Testing

/// Turns a failed status and the shim's malloc'd message into a `ShimFailure` (freeing it).
private func spmFailure(_ status: Int32, _ message: UnsafeMutablePointer<CChar>?) -> ShimFailure {
    defer { corpus_spm_free_string(message) }
    return ShimFailure(message.map { String(cString: $0) } ?? "sentencepiece status \(status)")
}

/// Trains a model with a `spm_train`-style flags string.
private func train(_ flags: String) throws {
    var message: UnsafeMutablePointer<CChar>?
    let status = corpus_spm_train(flags, &message)
    if status != CORPUS_SPM_OK { throw spmFailure(status, message) }
}

/// A loaded SentencePiece model, freed when this value goes away.
private final class SentencePieceModel {
    private let handle: OpaquePointer

    init(path: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        guard let handle = corpus_spm_load_file(path, &message) else { throw spmFailure(-1, message) }
        self.handle = handle
    }

    init(serialized bytes: [UInt8]) throws {
        var message: UnsafeMutablePointer<CChar>?
        let loaded = withCChars(bytes) { corpus_spm_load_bytes($0, $1, &message) }
        guard let loaded else { throw spmFailure(-1, message) }
        handle = loaded
    }

    deinit { corpus_spm_free(handle) }

    var vocabSize: Int32 { corpus_spm_vocab_size(handle) }
    var unkID: Int32 { corpus_spm_unk_id(handle) }
    var bosID: Int32 { corpus_spm_bos_id(handle) }
    var eosID: Int32 { corpus_spm_eos_id(handle) }
    var padID: Int32 { corpus_spm_pad_id(handle) }

    func id(of piece: String) -> Int32 {
        withCChars(piece) { corpus_spm_piece_to_id(handle, $0, $1) }
    }

    func piece(of id: Int32) -> String? {
        var length = 0
        return corpus_spm_id_to_piece(handle, id, &length).map { string(utf8: $0, count: length) }
    }

    /// Encodes `text`, starting with room for `capacity` ids and retrying once when short.
    func encode(_ text: String, capacity: Int = 64) throws -> [Int32] {
        var ids = [Int32](repeating: 0, count: capacity)
        for _ in 0..<2 {
            var count = 0
            var message: UnsafeMutablePointer<CChar>?
            let status = withCChars(text) { bytes, length in
                ids.withUnsafeMutableBufferPointer {
                    corpus_spm_encode(handle, bytes, length, $0.baseAddress, $0.count, &count, &message)
                }
            }
            if status != CORPUS_SPM_OK { throw spmFailure(status, message) }
            if count <= ids.count { return Array(ids.prefix(count)) }
            ids = [Int32](repeating: 0, count: count)
        }
        throw ShimFailure("encode needed more room twice")
    }

    /// Counts the ids of `text` without room for them: the shim's "how big" answer.
    func encodedCount(_ text: String) throws -> Int {
        var count = 0
        var message: UnsafeMutablePointer<CChar>?
        let status = corpus_spm_encode(handle, text, text.utf8.count, nil, 0, &count, &message)
        if status != CORPUS_SPM_OK { throw spmFailure(status, message) }
        return count
    }

    func decode(_ ids: [Int32]) throws -> String {
        var text: UnsafeMutablePointer<CChar>?
        var length = 0
        var message: UnsafeMutablePointer<CChar>?
        let status = corpus_spm_decode(handle, ids, ids.count, &text, &length, &message)
        if status != CORPUS_SPM_OK { throw spmFailure(status, message) }
        defer { corpus_spm_free_string(text) }
        return text.map { string(utf8: $0, count: length) } ?? ""
    }
}

/// A few hundred varied English sentences, the same on every run (a fixed-seed LCG picks words).
private func trainingSentences(count: Int) -> [String] {
    let subjects = ["the cat", "a dog", "my neighbour", "the old sailor", "every student",
                    "our teacher", "the little girl", "a tired farmer", "the baker", "two young boys"]
    let verbs = ["reads", "watches", "paints", "finds", "carries",
                 "remembers", "builds", "sells", "wants", "likes"]
    let objects = ["a red book", "the morning news", "three green apples", "an old wooden boat", "the quiet river",
                   "a letter from home", "the bright stars", "fresh bread", "warm soup", "a map"]
    let endings = ["every day.", "before dinner.", "with great care.", "in the garden.", "near the station.",
                   "after school.", "on sunday morning.", "without a word.", "at night.", "again and again."]
    var state: UInt64 = 0x5EED
    func pick(_ words: [String]) -> String {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return words[Int((state >> 33) % UInt64(words.count))]
    }
    return (0..<count).map { _ in
        [pick(subjects), pick(verbs), pick(objects), pick(endings)].joined(separator: " ")
    }
}

/// Trains a tiny unigram model (pad 0, unk 1, eos 2, no bos) in a fresh temporary directory,
/// hands `body` the model path, and removes the directory afterwards.
private func withTinyModel(_ body: (String) throws -> Void) throws {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("spm-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let input = directory.appendingPathComponent("train.txt")
    let text = trainingSentences(count: 400).joined(separator: "\n")
    try text.write(to: input, atomically: true, encoding: .utf8)
    let prefix = directory.appendingPathComponent("tiny").path
    try train("""
        --input=\(input.path) --model_prefix=\(prefix) --model_type=unigram --vocab_size=100 \
        --hard_vocab_limit=false --pad_id=0 --unk_id=1 --eos_id=2 --bos_id=-1 \
        --num_threads=1 --minloglevel=2
        """)
    try body(prefix + ".model")
}

// Training uses process-wide state in SentencePiece, so these tests run one at a time.
@Suite("SentencePiece shim", .serialized)
struct SentencePieceShimTests {
    @Test("sentencepiece trains a tiny unigram model that round-trips a sentence")
    func trainEncodeDecode() throws {
        try withTinyModel { path in
            let model = try SentencePieceModel(path: path)
            #expect(model.vocabSize > 10 && model.vocabSize <= 100)
            #expect(model.padID == 0 && model.unkID == 1 && model.eosID == 2 && model.bosID == -1)
            #expect(model.piece(of: model.unkID) == "<unk>")
            #expect(model.piece(of: model.eosID) == "</s>")

            let sentence = "the old sailor finds fresh bread in the garden."
            let ids = try model.encode(sentence)
            #expect(!ids.isEmpty && ids.count < sentence.utf8.count)
            #expect(ids.allSatisfy { $0 >= 0 && $0 < model.vocabSize })
            #expect(!ids.contains(model.unkID))
            #expect(try model.decode(ids) == sentence)
        }
    }

    @Test("sentencepiece encode reports the needed count when the buffer is short")
    func encodeRetry() throws {
        try withTinyModel { path in
            let model = try SentencePieceModel(path: path)
            let sentence = "every student remembers the quiet river near the station."
            let full = try model.encode(sentence, capacity: 256)
            #expect(try model.encodedCount(sentence) == full.count)
            #expect(try model.encode(sentence, capacity: 1) == full)
            #expect(try model.encode("") == [])
        }
    }

    @Test("sentencepiece loads the same model from bytes and maps pieces and ids both ways")
    func bytesAndPieces() throws {
        try withTinyModel { path in
            let fromFile = try SentencePieceModel(path: path)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            let fromBytes = try SentencePieceModel(serialized: Array(bytes))
            let sentence = "a tired farmer sells warm soup at night."
            #expect(try fromBytes.encode(sentence) == fromFile.encode(sentence))
            for id in 0..<fromFile.vocabSize {
                let piece = try #require(fromFile.piece(of: id))
                #expect(fromFile.id(of: piece) == id, "piece \(piece)")
            }
            #expect(fromFile.piece(of: fromFile.vocabSize) == nil)
            #expect(fromFile.piece(of: -1) == nil)
            #expect(fromFile.id(of: "no-such-piece-here") == fromFile.unkID)
            #expect(try fromFile.encode("日本").contains(fromFile.unkID))
        }
    }

    @Test("sentencepiece decode rejects an id outside the vocabulary with a message")
    func decodeOutOfRange() throws {
        try withTinyModel { path in
            let model = try SentencePieceModel(path: path)
            let error = #expect(throws: ShimFailure.self) { try model.decode([3, model.vocabSize + 5]) }
            #expect(error?.message.contains("outside") == true)
        }
    }

    @Test("sentencepiece trains from sentences laid end to end in memory and hands the model back")
    func trainFromMemory() throws {
        let sentences = trainingSentences(count: 400)
        let text = Array(sentences.joined().utf8)
        let lengths = sentences.map(\.utf8.count)
        var model: UnsafeMutablePointer<CChar>?
        var length = 0
        var message: UnsafeMutablePointer<CChar>?
        corpus_spm_set_min_log_level(2)
        let status = text.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) {
                corpus_spm_train_sentences("--model_type=bpe --vocab_size=120 --pad_id=0 --eos_id=1 --unk_id=2 --bos_id=-1 --num_threads=1 --minloglevel=2",
                                           $0.baseAddress, lengths, lengths.count, &model, &length, &message)
            }
        }
        if status != CORPUS_SPM_OK { throw spmFailure(status, message) }
        defer { corpus_spm_free_string(model) }
        let bytes = try #require(model.map { Array(UnsafeRawBufferPointer(start: $0, count: length)) })
        let loaded = try SentencePieceModel(serialized: bytes)
        #expect(loaded.vocabSize == 120)
        #expect(loaded.padID == 0 && loaded.eosID == 1 && loaded.unkID == 2)
        let sentence = sentences[7]
        #expect(try loaded.decode(loaded.encode(sentence)) == sentence)
    }

    @Test("sentencepiece training from memory refuses a model prefix with the library's message")
    func trainFromMemoryRefusesPrefix() {
        var model: UnsafeMutablePointer<CChar>?
        var length = 0
        var message: UnsafeMutablePointer<CChar>?
        let status = corpus_spm_train_sentences("--vocab_size=50 --model_prefix=/tmp/x --minloglevel=2", "ab", [2], 1, &model, &length, &message)
        #expect(status != CORPUS_SPM_OK && model == nil)
        #expect(spmFailure(status, message).message.contains("model_prefix"))
    }

    @Test("sentencepiece training reports the library's message for a missing input file")
    func trainingMissingInput() {
        let missing = "/nonexistent-corpus-dir/missing.txt"
        let error = #expect(throws: ShimFailure.self) {
            try train("--input=\(missing) --model_prefix=/tmp/never-written --vocab_size=50 --minloglevel=2")
        }
        #expect(error?.message.contains(missing) == true, "message: \(error?.message ?? "none")")
    }

    @Test("sentencepiece loading fails with a message for a missing file and for garbage bytes")
    func loadFailures() {
        let missing = #expect(throws: ShimFailure.self) {
            try SentencePieceModel(path: "/nonexistent/model.model")
        }
        #expect(missing?.message.contains("/nonexistent/model.model") == true)
        let garbage = #expect(throws: ShimFailure.self) {
            try SentencePieceModel(serialized: Array("not a model".utf8))
        }
        #expect(garbage?.message.isEmpty == false)
    }
}
