import CorpusFinetuning
import CorpusTestSupport
import Foundation
import Testing

@Suite("Labeled TSV files in GLUE's layouts")
struct LabeledTSVTests {
    static func file(_ text: String) throws -> String {
        let path = Fixtures.temporaryDirectory() + "/data.tsv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("SST-2: a header names the sentence and label columns")
    func sst2() throws {
        let path = try Self.file("sentence\tlabel\nhide new secretions from the parental units \t0\ncontains no wit , only labored gags \t0\nthat loves its characters \t1\n")
        let read = try LabeledFile(path: path, layout: .sst2)
        #expect(read.hadHeader && read.skipped == 0)
        #expect(read.examples.map(\.label) == ["0", "0", "1"])
        #expect(read.examples[2] == LabeledExample(text: "that loves its characters", label: "1", line: 4))
    }

    @Test("CoLA: no header, the label in column 1 and the sentence in column 3")
    func cola() throws {
        let path = try Self.file("gj04\t1\t\tOur friends won't buy this analysis.\ngj04\t0\t*\tThey drank the pub.\r\ngj04\t1\t\tThe sailors rode the breeze clear of the rocks.\n")
        let read = try LabeledFile(path: path, layout: .cola)
        #expect(!read.hadHeader)
        #expect(read.examples.map(\.label) == ["1", "0", "1"])
        #expect(read.examples[1].text == "They drank the pub.")
    }

    @Test("a header is detected when its label cell is no other row's label, and not when it is")
    func headerDetection() throws {
        let headed = try LabeledFile(path: Self.file("text\tclass\ngood film\tpos\nbad film\tneg\n"), layout: .standard)
        #expect(headed.hadHeader && headed.examples.count == 2)
        let plain = try LabeledFile(path: Self.file("great film\tpos\nbad film\tneg\nfine film\tpos\n"), layout: .standard)
        #expect(!plain.hadHeader && plain.examples.count == 3)
        // A one-row dev file: the train file's labels decide.
        let dev = try LabeledFile(path: Self.file("good film\tpos\n"), layout: .standard, knownLabels: ["pos", "neg"])
        #expect(!dev.hadHeader && dev.examples.count == 1)
    }

    @Test("AG News: title and description joined, or read as a sentence pair")
    func severalTextColumns() throws {
        let path = try Self.file("3\tWall St. Bears Claw Back\tShort-sellers are seeing green again.\n4\tNew Chip\tFaster and cooler.\n")
        let joined = try LabeledFile(path: path, layout: .agNews)
        #expect(joined.examples[0].text == "Wall St. Bears Claw Back Short-sellers are seeing green again." && joined.examples[0].second == nil)
        var pair = TSVLayout.agNews
        pair.pair = true
        let pairs = try LabeledFile(path: path, layout: pair)
        #expect(pairs.examples[1].text == "New Chip" && pairs.examples[1].second == "Faster and cooler.")
    }

    @Test("bad rows are skipped and counted with file, line and reason; good rows around them are kept")
    func badRows() throws {
        var bytes = Array("sentence\tlabel\ngood one\t1\nno label column\n\t0\nempty label\t \n".utf8)
        bytes += [0xFF, 0xFE, 0x09, 0x31, 0x0A]  // invalid UTF-8 on line 6
        bytes += Array("\nlast good\t0\nunknown label\t7\n".utf8)
        let path = Fixtures.temporaryDirectory() + "/bad.tsv"
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let read = try LabeledFile(path: path, layout: .sst2, labels: ["0", "1"])
        #expect(read.examples.map(\.line) == [2, 8])
        #expect(read.skipped == 5)
        #expect(read.problems.map(\.line) == [3, 4, 5, 6, 9])
        #expect(read.problems[0].description == "\(path):3: 1 column, needs at least 2 (is the file tab-separated?)")
        #expect(read.problems[1].reason == "empty text")
        #expect(read.problems[2].reason.contains("empty label"))
        #expect(read.problems[3].reason == "not valid UTF-8")
        #expect(read.problems[4].reason == "label 7 does not occur in the train file")
    }

    @Test("a missing file, and a header without a named column, are errors that say so")
    func errors() throws {
        #expect(throws: FinetuneError.missing(path: "/nonexistent/train.tsv", what: "TSV file")) {
            try LabeledFile(path: "/nonexistent/train.tsv", layout: .sst2)
        }
        let path = try Self.file("text\tlabel\nhello\t1\n")
        do {
            _ = try LabeledFile(path: path, layout: .sst2)
            Issue.record("a header without `sentence` was accepted")
        } catch {
            #expect(error.description.contains("the header has no column sentence (it has text, label)"))
        }
    }

    @Test("labels take class ids in numeric order when all are integers, else in byte order")
    func labelOrder() {
        #expect(LabeledFile.labelOrder(["10", "2", "1", "2"]) == ["1", "2", "10"])
        #expect(LabeledFile.labelOrder(["positive", "negative", "Neutral"]) == ["Neutral", "negative", "positive"])
    }

    @Test("a layout that names columns of headerless files, or reads one column twice, is refused")
    func layoutProblems() {
        #expect(TSVLayout(textColumns: [.name("sentence")], labelColumn: .index(1), header: .absent).problems().count == 1)
        #expect(TSVLayout(textColumns: [.index(1)], labelColumn: .index(1)).problems() == ["the label column 1 is also a text column"])
        #expect(TSVLayout(textColumns: [.index(0)], labelColumn: .index(1), pair: true).problems().count == 1)
        #expect(ColumnReference(parsing: "3") == .index(3) && ColumnReference(parsing: "label") == .name("label"))
    }
}
