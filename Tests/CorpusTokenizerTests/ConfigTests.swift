import CorpusTokenizer
import Foundation
import Testing

@Suite("tokenizer training config")
struct ConfigTests {
    private func refusal(_ change: (inout TokenizerTrainingConfig) -> Void) -> TokenizerError? {
        var config = TokenizerTrainingConfig(vocabSize: 1000)
        change(&config)
        return #expect(throws: TokenizerError.self) { try TokenizerTrainer(config: config) }
    }

    @Test("a vocabulary too small for the special tokens is refused, saying how many ids they take")
    func vocabularyTooSmall() {
        let error = refusal { $0.vocabSize = 300; $0.special = .ul2; $0.byteFallback = true }
        #expect(error?.description.contains("take 362 ids") == true, "\(String(describing: error))")
        #expect(refusal { $0.vocabSize = 3 } != nil)
    }

    @Test("out-of-range settings are refused, each naming its option")
    func outOfRange() {
        #expect(refusal { $0.characterCoverage = 0 }?.description.hasPrefix("character-coverage") == true)
        #expect(refusal { $0.characterCoverage = 1.01 }?.description.hasPrefix("character-coverage") == true)
        #expect(refusal { $0.threads = 0 }?.description.hasPrefix("threads") == true)
        #expect(refusal { $0.inputSentenceSize = 0 }?.description.hasPrefix("input-sentence-size") == true)
        #expect(refusal { $0.maxPieceLength = 0 }?.description.hasPrefix("max-piece-length") == true)
        #expect(refusal { $0.normalization = "nfd" }?.description.hasPrefix("normalization") == true)
        #expect(refusal { $0.version = 2 }?.description.hasPrefix("version") == true)
        var good = TokenizerTrainingConfig(vocabSize: 1000)
        good.characterCoverage = 1
        #expect(throws: Never.self) { try good.validate() }
    }

    @Test("a JSON config takes defaults for missing keys, round-trips, and refuses an unknown key")
    func codable() throws {
        let config = try JSONDecoder().decode(TokenizerTrainingConfig.self, from: Data(#"{"vocabSize": 800, "special": "t5", "bos": true}"#.utf8))
        var expected = TokenizerTrainingConfig(vocabSize: 800)
        expected.special = .t5
        expected.bos = true
        #expect(config == expected)
        #expect(try JSONDecoder().decode(TokenizerTrainingConfig.self, from: JSONEncoder().encode(config)) == config)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(TokenizerTrainingConfig.self, from: Data(#"{"vocabSize": 800, "vocab_size": 9}"#.utf8))
        }
    }

    @Test("the layout table: sentinels are appended in reverse so <extra_id_0> is last")
    func layout() {
        let layout = SpecialTokenLayout(preset: .ul2, bos: true)
        #expect(layout.frontCount == 7 && layout.sentinels == 100)
        #expect(layout.appendedPieces.first == "<extra_id_99>" && layout.appendedPieces.last == "<extra_id_0>")
        #expect(SpecialTokenLayout(preset: .electra, bos: false).frontControlPieces == ["[CLS]", "[SEP]", "[MASK]"])
    }
}
