import CorpusIngest
import CorpusModels
import CorpusShards
import CorpusTestSupport
import CorpusTokenizer
import CorpusTraining
import Foundation

/// A small learnable task on real text: is a line of the quickstart crawl's WET file English or
/// not? Lines of at least 60 characters from its pages, labeled from the sample's manifest, the
/// same number of each kind; with a tokenizer trained on the same pages.
enum LanguageTask {
    static let wet = Repository.root + "/Pipelines/samples/quickstart/crawl-2024-03.warc.wet.gz"

    /// The WET pages' texts and languages.
    static let pages: [(text: String, language: String)] = {
        var languages: [String: String] = [:]
        let manifest = (try? String(contentsOfFile: Repository.root + "/Pipelines/samples/quickstart/manifest.tsv", encoding: .utf8)) ?? ""
        for line in manifest.split(separator: "\n") {
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false)
            if cells.count >= 6, !cells[3].isEmpty { languages[String(cells[3])] = String(cells[5]) }
        }
        let documents = (try? drain(wet).documents) ?? []
        return documents.compactMap { document in document.url.flatMap { languages[$0] }.map { (document.text, $0) } }
    }()

    /// Balanced examples, interleaved English and not: `(line, "en" | "other")`.
    static let examples: [(text: String, label: String)] = {
        var english: [String] = [], other: [String] = [], seen: Set<String> = []
        for page in pages where !page.language.isEmpty {
            for line in page.text.split(separator: "\n") where line.count >= 60 && line.count <= 400 {
                guard seen.insert(String(line)).inserted else { continue }
                if page.language == "en" { english.append(String(line)) } else { other.append(String(line)) }
            }
        }
        // English pages are many: take every k-th line so all of them contribute.
        let step = max(1, english.count / max(1, other.count))
        let picked = stride(from: 0, to: english.count, by: step).map { english[$0] }
        return zip(picked, other).flatMap { [($0.0, "en"), ($0.1, "other")] }
    }()

    /// Writes `train.tsv` (the first `trainCount` examples) and `dev.tsv` (the next `devCount`)
    /// in SST-2's layout into `folder`.
    static func writeFiles(into folder: String, trainCount: Int, devCount: Int) throws -> (train: String, dev: String) {
        precondition(examples.count >= trainCount + devCount, "only \(examples.count) examples")
        func tsv(_ slice: ArraySlice<(text: String, label: String)>) -> String {
            "sentence\tlabel\n" + slice.map { "\($0.text.replacingOccurrences(of: "\t", with: " "))\t\($0.label)\n" }.joined()
        }
        let train = folder + "/train.tsv", dev = folder + "/dev.tsv"
        try tsv(examples[0..<trainCount]).write(toFile: train, atomically: true, encoding: .utf8)
        try tsv(examples[trainCount..<(trainCount + devCount)]).write(toFile: dev, atomically: true, encoding: .utf8)
        return (train, dev)
    }

    /// A 400-piece tokenizer with ELECTRA's specials, trained on the pages, written once.
    static let tokenizerPath: String = {
        let path = Fixtures.temporaryDirectory() + "/tokenizer.model"
        var config = TokenizerTrainingConfig(vocabSize: 400)
        config.special = .electra
        config.characterCoverage = 0.995
        config.threads = 2
        config.inputSentenceSize = 5000
        // swiftlint:disable:next force_try
        let model = try! TokenizerTrainer(config: config).train(documents: pages.map(\.text))
        try! model.write(modelPath: path)
        return path
    }()

    static var tokenizer: SentencePieceTokenizer { try! SentencePieceTokenizer(modelFile: tokenizerPath) }

    /// A tiny ELECTRA (hidden 32, 2 layers) pretrained for `steps` steps on the pages' tokens, in a
    /// run folder; returns the folder.
    static func pretrainedElectra(steps: Int) throws -> String {
        let tokenizer = self.tokenizer
        let data = Fixtures.temporaryDirectory() + "/data"
        var options = DatasetWriterOptions(vocabSize: tokenizer.vocabSize, tokenizerHash: Array(repeating: 0xAB, count: 32))
        options.sequenceLength = 64
        let writer = try DatasetWriter(directory: data, options: options)
        for (index, page) in pages.enumerated() {
            try writer.append(documentID: "page-\(index)", tokens: try tokenizer.encode(page.text) + [tokenizer.specialTokens.eos!])
        }
        _ = try writer.finish()
        var settings = PretrainingSettings.electraTiny(vocabulary: tokenizer.vocabSize)
        let hidden = 32
        settings.model = .electra(ElectraShape(vocabulary: tokenizer.vocabSize, embedding: hidden, maximumLength: 128,
                                               discriminator: EncoderShape(hidden: hidden, layers: 2, heads: 2, feedForward: 2 * hidden),
                                               generator: EncoderShape(hidden: 16, layers: 2, heads: 1, feedForward: 32)))
        settings.sequenceLength = 64
        settings.batchSize = 8
        settings.steps = steps
        settings.warmupSteps = 2
        settings.logEvery = steps
        settings.evaluateEvery = steps
        settings.checkpointEvery = steps
        let special = Set((0..<Int32(tokenizer.vocabSize)).filter { [.control, .unknown].contains(tokenizer.kind(of: UInt32($0))) })
        let objective = ReplacedTokenDetection(maskID: Int32(tokenizer.specialTokens.mask!), special: special)
        let folder = Fixtures.temporaryDirectory() + "/run"
        let run = try PretrainingRun(settings: settings, objective: objective, dataset: TokenDataset(directory: data), directory: folder) { _, _ in }
        try run.run()
        return folder
    }
}
