import CorpusCore
import Testing
@testable import CorpusFilters

@Suite("Presets")
struct PresetTests {
    @Test func aPresetBuildsItsFiltersInOrder() throws {
        let yaml = """
            version: 1
            description: test
            normalize: nfkc
            filters:
              - c4_length: {max_characters: 100}
              - url_blocklist: {domains: [bad.example]}
              - pii:
            """
        let chain = try Preset(yaml: yaml, path: "/tmp/test.yaml").makeChain(filtersDirectory: TestDocuments.filtersDirectory)
        #expect(chain.filters.map(\.name) == ["c4_length", "url_blocklist", "pii"])
        #expect(chain.normalizer?.form == .nfkc)
    }

    @Test func unknownOptionKeysAreRefusedWithTheAcceptedOnes() {
        let yaml = "version: 1\nfilters:\n  - c4_length: {max_charcters: 5}\n"
        #expect(throws: FilterConfigurationError.unknownKey(filter: "c4_length", key: "max_charcters", accepted: ["max_characters"])) {
            try Preset(yaml: yaml, path: "p.yaml")
        }
    }

    @Test func unknownFiltersTopLevelKeysAndVersionsAreRefused() {
        #expect(throws: FilterConfigurationError.self) { try Preset(yaml: "version: 1\nfilters:\n  - c5_clean: {}\n", path: "p.yaml") }
        #expect(throws: FilterConfigurationError.self) { try Preset(yaml: "version: 1\nfilter: []\n", path: "p.yaml") }
        #expect(throws: FilterConfigurationError.self) { try Preset(yaml: "version: 2\nfilters: []\n", path: "p.yaml") }
        #expect(throws: FilterConfigurationError.self) { try Preset(yaml: "filters: []\n", path: "p.yaml") }
        #expect(throws: FilterConfigurationError.self) { try Preset(yaml: "version: 1\nnormalize: nfd\nfilters: []\n", path: "p.yaml") }
    }

    @Test func outOfRangeValuesAndWrongTypesAreRefusedWhenTheChainIsBuilt() throws {
        let range = try Preset(yaml: "version: 1\nfilters:\n  - language: {min_score: 1.5}\n", path: "p.yaml")
        #expect(throws: FilterConfigurationError.self) { try range.makeChain(filtersDirectory: "") }
        let type = try Preset(yaml: "version: 1\nfilters:\n  - c4_length: {max_characters: many}\n", path: "p.yaml")
        #expect(throws: FilterConfigurationError.self) { try type.makeChain(filtersDirectory: "") }
    }

    @Test func missingDataFilesAreNamedInTheError() throws {
        let preset = try Preset(yaml: "version: 1\nfilters:\n  - bad_words: {lists: {en: nowhere/en}}\n", path: "/tmp/p.yaml")
        #expect(throws: FilterConfigurationError.dataFile(path: "/tmp/nowhere/en", reason: "cannot read the file")) {
            try preset.makeChain(filtersDirectory: "")
        }
    }

    @Test(arguments: ["c4", "gopher", "fineweb"])
    func everyShippedPresetLoads(name: String) throws {
        let path = "\(TestDocuments.filtersDirectory)/presets/\(name).yaml"
        let chain = try Preset(path: path).makeChain(filtersDirectory: TestDocuments.filtersDirectory)
        #expect(!chain.filters.isEmpty)
    }
}

@Suite("Block lists, PII and language")
struct ListFilterTests {
    @Test func blockedDomainsCoverTheirSubdomains() {
        let filter = URLBlocklistFilter(domains: ["example.com", "*.spam.org"])
        for (url, expected) in [("https://ads.Example.COM:8080/x", Verdict.drop(reason: "blocked_domain")),
                                ("http://user@spam.org./", .drop(reason: "blocked_domain")),
                                ("https://notexample.com/", .keep), ("https://example.co/", .keep)] {
            var document = TestDocuments.make("text", url: url)
            #expect(filter.apply(to: &document) == expected, "\(url)")
        }
        var noURL = TestDocuments.make("text")
        #expect(filter.apply(to: &noURL) == .keep)
    }

    @Test func emailsAndIPv4AddressesAreMaskedAndCounted() {
        var document = TestDocuments.make("Mail jane.doe+x@mail.example.org or ping 192.168.0.1. Version 1.2.3.4.5 and 999.1.1.1 stay; so does a@b.")
        var details = Tally()
        #expect(PIIMasker().apply(to: &document, details: &details) == .keep)
        #expect(document.text == "Mail <EMAIL> or ping <IPV4>. Version 1.2.3.4.5 and 999.1.1.1 stay; so does a@b.")
        #expect(details["emails"] == 1)
        #expect(details["ipv4_addresses"] == 1)
    }

    @Test func languageIsTaggedAndFiltered() {
        let english = "The committee met on Tuesday to discuss the new budget for the public library and the schools."
        let german = "Der Ausschuss traf sich am Dienstag, um den neuen Haushalt für die Bibliothek und die Schulen zu besprechen."
        let filter = LanguageFilter(options: .init(languages: ["en"], minScore: 0.5))
        var a = TestDocuments.make(english)
        var b = TestDocuments.make(german)
        #expect(filter.apply(to: &a) == .keep)
        #expect(a.metadata.language == "en")
        #expect((a.metadata.languageScore ?? 0) >= 0.9)
        #expect(filter.apply(to: &b) == .drop(reason: "ignored_language"))
        #expect(b.metadata.language == "de")
    }

    @Test func theChainStopsAtTheFirstDropAndCountsIt() {
        let chain = FilterChain(normalizer: nil, filters: [C4LengthFilter(options: .init(maxCharacters: 3)), PIIMasker()])
        var stats = CleanStatistics(filterOrder: chain.filters.map(\.name))
        stats.add(chain.run(TestDocuments.make("a@b.cd")))
        stats.add(chain.run(TestDocuments.make("ok")))
        #expect(stats.documentsIn == 2)
        #expect(stats.documentsOut == 1)
        #expect(stats.dropped["c4_length/too_long"] == 1)
        #expect(stats.seenByFilter["pii"] == 1)
        #expect(stats.json().contains(#""reasons": {"too_long": 1}"#))
    }
}
