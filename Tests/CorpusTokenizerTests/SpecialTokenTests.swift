import CorpusTokenizer
import Testing

@Suite("special tokens")
struct SpecialTokenTests {
    @Test("every preset puts pad at 0, eos at 1, unk at 2 and, with bos, <s> at 3",
          arguments: SpecialTokenPreset.allCases, [false, true])
    func metaPieces(preset: SpecialTokenPreset, bos: Bool) throws {
        let model = try TrainingText.model(TrainingText.config { $0.special = preset; $0.bos = bos })
        let tokenizer = model.tokenizer
        let special = tokenizer.specialTokens
        #expect(tokenizer.vocabSize == 400)
        #expect(special.pad == 0 && special.eos == 1 && special.unk == 2)
        #expect(special.bos == (bos ? 3 : nil))
        #expect(tokenizer.piece(of: 0) == "<pad>" && tokenizer.piece(of: 1) == "</s>" && tokenizer.piece(of: 2) == "<unk>")
        let next: UInt32 = bos ? 4 : 3
        switch preset {
        case .none, .t5:
            #expect(tokenizer.kind(of: next) == .normal)
        case .electra:
            #expect([special.cls, special.sep, special.mask] == [next, next + 1, next + 2])
            #expect((0..<3).map { tokenizer.piece(of: next + $0) } == ["[CLS]", "[SEP]", "[MASK]"])
        case .ul2:
            #expect([special.nlu, special.nlg, special.s2s] == [next, next + 1, next + 2])
        }
        let sentinels = preset == .t5 || preset == .ul2
        #expect(special.sentinels.count == (sentinels ? 100 : 0))
    }

    @Test("sentinels count down from the end of the vocabulary as T5's do")
    func sentinelsCountDown() throws {
        let tokenizer = try TrainingText.model(TrainingText.config { $0.special = .t5 }).tokenizer
        let special = tokenizer.specialTokens
        for index in 0..<100 {
            #expect(special.sentinel(index) == UInt32(399 - index))
            #expect(tokenizer.piece(of: UInt32(399 - index)) == "<extra_id_\(index)>")
            #expect(tokenizer.kind(of: UInt32(399 - index)) == .control)
        }
        #expect(special.sentinel(100) == nil)
        #expect(tokenizer.kind(of: 299) == .normal)
        #expect(tokenizer.id(of: "<extra_id_0>") == 399)
    }

    @Test("sentinel text in raw input is not turned into a sentinel id")
    func sentinelTextIsPlainText() throws {
        let tokenizer = try TrainingText.model(TrainingText.config { $0.special = .ul2 }).tokenizer
        let ids = try tokenizer.encode("fill <extra_id_0> and [NLU] here")
        #expect(!ids.contains { tokenizer.kind(of: $0) == .control })
    }

    @Test("byte pieces come right after the special pieces when byte fallback is on")
    func bytePiecesAfterSpecials() throws {
        let tokenizer = try TrainingText.model(TrainingText.config(vocabSize: 700) { $0.special = .electra; $0.bos = true; $0.byteFallback = true }).tokenizer
        #expect(tokenizer.specialTokens.mask == 6)
        #expect(tokenizer.piece(of: 7) == "<0x00>" && tokenizer.kind(of: 7) == .byte)
        #expect(tokenizer.piece(of: 7 + 255) == "<0xFF>")
        #expect(tokenizer.kind(of: 7 + 256) == .normal)
    }
}
