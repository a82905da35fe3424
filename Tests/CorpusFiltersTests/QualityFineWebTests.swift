import CorpusCore
import Testing
@testable import CorpusFilters

@Suite("Quality: FineWeb quality rules")
struct QualityFineWebTests {
    let filter = FineWebQualityFilter()

    /// A distinct line of `length` code points (at least 16) ending with `end`: four words, and
    /// `end` as a fifth when spaCy splits it off.
    func line(_ i: Int, length: Int = 40, end: String = ".") -> String {
        let head = "Line\(100 + i) aa bb "
        return head + String(repeating: "y", count: length - head.count - end.count) + end
    }

    @Test func aTextWithoutNonBlankLinesIsDroppedAsEmpty() {
        #expect(QualityTestSupport.verdict(filter, "") == .drop(reason: "empty"))
        #expect(QualityTestSupport.verdict(filter, " \n\t\n\u{3000}") == .drop(reason: "empty"))
    }

    @Test func fewerThanTwelvePercentPunctuatedLinesIsDropped() {
        // 25 lines: 3 punctuated is 0.12 (kept), 2 is 0.08 (dropped).
        func text(_ punctuated: Int) -> String {
            (0..<25).map { line($0, end: $0 < punctuated ? "!" : "z") }.joined(separator: "\n")
        }
        #expect(QualityTestSupport.verdict(filter, text(3)) == .keep)
        #expect(QualityTestSupport.verdict(filter, text(2)) == .drop(reason: "line_punct_ratio"))
        let excludingZero = FineWebQualityFilter(options: .init(linePunctExcludeZero: true))
        #expect(QualityTestSupport.verdict(excludingZero, text(0)) == .keep)
        #expect(QualityTestSupport.verdict(excludingZero, text(2)) == .drop(reason: "line_punct_ratio"))
    }

    @Test func aCarriageReturnHidesTheFullStopBeforeIt() {
        let crlf = (0..<5).map { line($0) + "\r\n" }.joined()
        #expect(QualityTestSupport.verdict(filter, crlf) == .drop(reason: "line_punct_ratio"))
        #expect(QualityTestSupport.verdict(filter, crlf.replacingOccurrences(of: "\r", with: "")) == .keep)
    }

    @Test func terminalPunctuationOfOtherScriptsCounts() {
        let lines = (0..<5).map { line($0, end: ["。", "।", "؟", "?", "．"][$0]) }
        #expect(QualityTestSupport.verdict(filter, lines.joined(separator: "\n")) == .keep)
    }

    @Test func moreThanSixtySevenPercentShortLinesIsDropped() {
        // Two of three short lines is 0.667 (kept), three of four is 0.75 (dropped).
        #expect(QualityTestSupport.verdict(filter, [line(0, length: 16), line(1, length: 30), line(2)].joined(separator: "\n")) == .keep)
        let four = [line(0, length: 16), line(1, length: 30), line(2, length: 30), line(3)]
        #expect(QualityTestSupport.verdict(filter, four.joined(separator: "\n")) == .drop(reason: "short_line_ratio"))
        let longer = [line(0, length: 16), line(1, length: 30), line(2, length: 31), line(3)]
        #expect(QualityTestSupport.verdict(filter, longer.joined(separator: "\n")) == .keep)
    }

    @Test func repeatedLinesOverOnePercentOfTheCharactersAreDropped() {
        // "Dup." repeated: 4 code points over 400 non-LF code points (kept) or 399 (dropped).
        let unique = (0..<8).map { line($0, length: 49) }
        let kept = (["Dup."] + unique + ["Dup."]).joined(separator: "\n")
        var shorter = unique
        shorter[7] = line(7, length: 48)
        let dropped = (["Dup."] + shorter + ["Dup."]).joined(separator: "\n")
        #expect(QualityTestSupport.verdict(filter, kept) == .keep)
        #expect(QualityTestSupport.verdict(filter, dropped) == .drop(reason: "char_dup_ratio"))
    }

    @Test func moreNewlinesThanThreeTenthsOfTheWordsIsDropped() {
        // Three lines of ten words (the final `.` is a word): 9 LF over 30 words kept, 10 dropped.
        let lines = (0..<3).map { "line\($0) beta gamma delta epsilon zeta eta theta iota." }
        #expect(QualityTestSupport.verdict(filter, lines.joined(separator: "\n") + "\n\n\n\n\n\n\n") == .keep)
        #expect(QualityTestSupport.verdict(filter, lines.joined(separator: "\n") + "\n\n\n\n\n\n\n\n") == .drop(reason: "list_ratio"))
    }

    @Test func customStopCharactersReplaceTheDefaultSet() {
        let custom = FineWebQualityFilter(options: .init(stopChars: ["z", "yz"]))
        let text = (0..<5).map { line($0, end: "z") }.joined(separator: "\n")
        #expect(QualityTestSupport.verdict(custom, text) == .keep)
        #expect(QualityTestSupport.verdict(filter, text) == .drop(reason: "line_punct_ratio"))
    }
}
