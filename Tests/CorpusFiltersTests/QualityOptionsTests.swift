import Foundation
import Testing
@testable import CorpusFilters

@Suite("Quality: filter options")
struct QualityOptionsTests {
    func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(json.utf8))
    }

    @Test func absentKeysTakeDatatrovesDefaults() throws {
        #expect(try decode(GopherQualityFilter.Options.self, "{}") == GopherQualityFilter.Options())
        #expect(try decode(GopherRepetitionFilter.Options.self, "{}") == GopherRepetitionFilter.Options())
        #expect(try decode(FineWebQualityFilter.Options.self, "{}") == FineWebQualityFilter.Options())
        let gopher = GopherQualityFilter.Options()
        #expect(gopher.minDocWords == 50 && gopher.maxDocWords == 100_000 && gopher.minStopWords == 2)
        #expect(gopher.stopWords == ["the", "be", "to", "of", "and", "that", "have", "with"])
        let fineweb = FineWebQualityFilter.Options()
        #expect(fineweb.linePunctThr == 0.12 && fineweb.shortLineThr == 0.67 && fineweb.shortLineLength == 30)
        #expect(fineweb.charDuplicatesRatio == 0.01 && fineweb.newLineRatio == 0.3 && fineweb.stopChars == nil)
    }

    @Test func presentKeysAreReadInSnakeCase() throws {
        let gopher = try decode(GopherQualityFilter.Options.self, #"{"min_doc_words": 10, "stop_words": ["a"], "max_avg_word_length": 12.5}"#)
        #expect(gopher.minDocWords == 10 && gopher.stopWords == ["a"] && gopher.maxAvgWordLength == 12.5)
        #expect(gopher.maxDocWords == 100_000)
        let repetition = try decode(GopherRepetitionFilter.Options.self, #"{"top_n_grams": [[2, 0.25]], "dup_line_frac": 0.5}"#)
        #expect(repetition.topNGrams == [GopherRepetitionFilter.NGramLimit(2, 0.25)] && repetition.dupLineFrac == 0.5)
        let fineweb = try decode(FineWebQualityFilter.Options.self, #"{"stop_chars": [".", "!"], "line_punct_exclude_zero": true}"#)
        #expect(fineweb.stopChars == [".", "!"] && fineweb.linePunctExcludeZero)
    }

    @Test func acceptedKeysListEveryCodingKey() {
        #expect(GopherQualityFilter.Options.acceptedKeys.count == 10)
        #expect(GopherQualityFilter.Options.acceptedKeys.contains("max_non_alpha_words_ratio"))
        #expect(GopherRepetitionFilter.Options.acceptedKeys.sorted()
            == ["dup_line_char_frac", "dup_line_frac", "dup_n_grams", "dup_para_char_frac", "dup_para_frac", "top_n_grams"])
        #expect(FineWebQualityFilter.Options.acceptedKeys.count == 7)
    }

    @Test func validateRejectsFractionsOutsideZeroToOne() {
        #expect(throws: FilterConfigurationError.self) { try GopherQualityFilter.Options(maxBulletLinesRatio: 1.5).validate() }
        #expect(throws: FilterConfigurationError.self) { try GopherRepetitionFilter.Options(dupLineFrac: -0.1).validate() }
        #expect(throws: FilterConfigurationError.self) {
            try GopherRepetitionFilter.Options(topNGrams: [.init(2, 1.2)]).validate()
        }
        #expect(throws: FilterConfigurationError.self) { try FineWebQualityFilter.Options(charDuplicatesRatio: 2).validate() }
    }

    @Test func validateRejectsImpossibleSizesAndLists() {
        #expect(throws: FilterConfigurationError.self) { try GopherQualityFilter.Options(minDocWords: -1).validate() }
        #expect(throws: FilterConfigurationError.self) { try GopherQualityFilter.Options(stopWords: ["two words"]).validate() }
        #expect(throws: FilterConfigurationError.self) { try GopherRepetitionFilter.Options(dupNGrams: [.init(0, 0.1)]).validate() }
        #expect(throws: FilterConfigurationError.self) { try FineWebQualityFilter.Options(stopChars: []).validate() }
    }

    @Test func defaultsValidate() throws {
        try GopherQualityFilter.Options().validate()
        try GopherRepetitionFilter.Options().validate()
        try FineWebQualityFilter.Options().validate()
    }

    @Test func anNGramLimitIsAPairAndNothingElse() throws {
        #expect(throws: DecodingError.self) { try decode(GopherRepetitionFilter.NGramLimit.self, "[2, 0.2, 3]") }
        let encoded = try JSONEncoder().encode(GopherRepetitionFilter.NGramLimit(3, 0.18))
        #expect(String(decoding: encoded, as: UTF8.self) == "[3,0.18]")
    }
}
