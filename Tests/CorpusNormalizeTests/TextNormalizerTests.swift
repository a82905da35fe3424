import Testing
import CorpusNormalize
import CorpusTestSupport

@Suite("Text normalization")
struct TextNormalizerTests {
    let nfc = TextNormalizer()
    let nfkc = TextNormalizer(form: .nfkc)

    @Test func composesDecomposedAccentsButKeepsThem() throws {
        let (text, report) = try nfc.normalize("Cafe\u{301} cre\u{300}me")
        #expect(text == "Caf\u{E9} cr\u{E8}me")
        #expect(report.changedByUnicodeForm)
    }

    @Test func nfkcFoldsCompatibilityCharactersOnlyWhenAsked() throws {
        #expect(try nfc.normalize("ﬁne ＡＢ ²").text == "ﬁne ＡＢ ²")
        #expect(try nfkc.normalize("ﬁne ＡＢ ²").text == "fine AB 2")
    }

    @Test func invalidUTF8BecomesReplacementCharactersAndIsCounted() throws {
        let bytes: [UInt8] = [0x61, 0xFF, 0x62, 0xE2, 0x82, 0x63, 0xC3]
        let (text, report) = try bytes.withUnsafeBufferPointer { try nfc.normalize(utf8: $0) }
        #expect(text == "a\u{FFFD}b\u{FFFD}c\u{FFFD}")
        #expect(report.repairedSequences == 3)
    }

    @Test func controlCharactersGoAndLineEndsBecomeNewlines() throws {
        let (text, report) = try nfc.normalize("a\u{0}b\u{7F}c\u{9B}d\r\ne\rf\u{85}g\u{2028}h\u{C}i\tj")
        #expect(text == "abcd\ne\nf\ng\nh\ni j")
        #expect(report.removedControls == 3)
    }

    @Test func whitespaceRunsCollapseAndBlankLinesAreBounded() throws {
        let input = "  Title \u{A0}\u{3000} here  \n\n\n\n  Body\t\tline  \n \n end \u{2003}"
        #expect(try nfc.normalize(input).text == "Title here\n\nBody line\n\nend")
    }

    @Test func asciiTextIsReturnedAsIs() throws {
        let input = "Plain ASCII text.\nTwo lines."
        let (text, report) = try nfc.normalize(input)
        #expect(text == input)
        #expect(report == NormalizationReport())
    }

    /// Random strings from an alphabet full of traps (combining marks after spaces and
    /// controls, compatibility characters that decompose to spaces, CR/LF mixtures) stay fixed
    /// under a second normalization.
    @Test(arguments: [NormalizationForm.nfc, .nfkc])
    func normalizingTwiceChangesNothing(form: NormalizationForm) throws {
        let alphabet: [String] = [
            "a", "e", "Z", " ", "  ", "\t", "\n", "\r", "\r\n", "\u{0}", "\u{1}", "\u{7F}", "\u{85}",
            "\u{A0}", "\u{A8}", "\u{B4}", "\u{301}", "\u{308}", "\u{327}", "\u{2028}", "\u{3000}",
            "\u{2003}", "ﬁ", "Å", "\u{212B}", "한", "\u{1100}", "\u{1161}", "\u{11A8}", "\u{FEFF}",
            "\u{FFFD}", "🙂", "\u{1F3FB}", "ｶ", "\u{FF9E}", "ǅ", "\u{0F73}", "\u{0344}",
        ]
        let normalizer = TextNormalizer(form: form)
        var rng = SplitMix64(seed: 2024)
        for _ in 0..<3000 {
            let count = Int(rng.next() % 24)
            let text = (0..<count).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }.joined()
            let once = try normalizer.normalize(text).text
            let twice = try normalizer.normalize(once).text
            #expect(once == twice, "not idempotent for \(Array(text.unicodeScalars.map(\.value)))")
        }
    }
}

