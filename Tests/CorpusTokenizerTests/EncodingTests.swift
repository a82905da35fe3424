import CorpusTokenizer
import Testing

@Suite("tokenizer encoding")
struct EncodingTests {
    private let sentences = TrainingText.documents.prefix(60).flatMap { $0.split(separator: "\n").map(String.init) }

    @Test("encoding UTF-8 bytes appends after the ids already there")
    func appends() throws {
        let tokenizer = try TrainingText.model(TrainingText.config()).tokenizer
        var ids: [UInt32] = [1, 1]
        var text = "Support for type hints"
        try text.withUTF8 { try tokenizer.encode(utf8: UnsafeRawBufferPointer($0), appendingTo: &ids) }
        #expect(ids == [1, 1] + (try tokenizer.encode(text)))
    }

    @Test("text that normalization expands past its byte count is encoded whole")
    func expandingText() throws {
        let tokenizer = try TrainingText.model(TrainingText.config(vocabSize: 700) { $0.byteFallback = true }).tokenizer
        let ligature = String(repeating: "\u{FDFA}", count: 3)  // NFKC: 3 bytes become 18 characters each
        let ids = try tokenizer.encode(ligature)
        #expect(ids.count > ligature.utf8.count + 16)
        #expect(try tokenizer.decode(ids).hasPrefix("صلى الله عليه وسلم"))
    }

    @Test("encoding on one shared tokenizer from several threads gives the serial ids")
    func parallelEncoding() async throws {
        let tokenizer = try TrainingText.model(TrainingText.config()).tokenizer
        let serial = try sentences.map { try tokenizer.encode($0) }
        let parallel = try await withThrowingTaskGroup(of: (Int, [[UInt32]]).self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var results: [[UInt32]] = []
                    var buffer: [UInt32] = []
                    for index in stride(from: worker, to: sentences.count, by: 4) {
                        buffer.removeAll(keepingCapacity: true)
                        var text = sentences[index]
                        try text.withUTF8 { try tokenizer.encode(utf8: UnsafeRawBufferPointer($0), appendingTo: &buffer) }
                        results.append(buffer)
                    }
                    return (worker, results)
                }
            }
            var byWorker = [[[UInt32]]](repeating: [], count: 4)
            for try await (worker, results) in group { byWorker[worker] = results }
            return sentences.indices.map { byWorker[$0 % 4][$0 / 4] }
        }
        #expect(parallel == serial)
    }

    @Test("decoding an id outside the vocabulary is refused with the id and the range")
    func decodeOutOfRange() throws {
        let tokenizer = try TrainingText.model(TrainingText.config()).tokenizer
        let error = #expect(throws: TokenizerError.self) { try tokenizer.decode([5, 400]) }
        #expect(error == .idOutOfRange(id: 400, vocabSize: 400))
    }

    @Test("pieces and ids map both ways; unknown pieces have no id")
    func pieces() throws {
        let tokenizer = try TrainingText.model(TrainingText.config()).tokenizer
        for id in UInt32(0)..<400 {
            let piece = try #require(tokenizer.piece(of: id))
            #expect(tokenizer.id(of: piece) == id)
        }
        #expect(tokenizer.piece(of: 400) == nil)
        #expect(tokenizer.id(of: "no-such-piece") == nil)
        #expect(tokenizer.id(of: "") == nil)
        #expect(tokenizer.kind(of: 400) == .invalid && tokenizer.kind(of: 2) == .unknown && tokenizer.kind(of: 1) == .control)
    }
}
