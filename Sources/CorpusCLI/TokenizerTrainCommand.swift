import ArgumentParser
import CorpusIngest
import CorpusTokenizer
import Foundation

/// `corpus tokenizer train`: sample lines from documents and train a SentencePiece model.
struct TokenizerTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a SentencePiece tokenizer (unigram or BPE) on a seeded sample of input lines.",
        discussion: """
            Documents are cut into lines; up to --input-sentence-size non-empty lines are \
            reservoir-sampled (seeded), shuffled and handed to the SentencePiece library. Ids: \
            pad 0, eos 1, unk 2, bos 3 with --bos; --special electra|ul2 adds control symbols \
            next, t5|ul2 adds 100 sentinels counting down from the last id (<extra_id_0> = \
            vocab-size - 1). Writes OUTPUT (.model) and its .vocab. See docs/tokenizer.md.
            """
    )

    @OptionGroup var input: ReaderArguments

    @Option(name: .shortAndLong, help: "The model file to write (tok.model); tok.vocab is written beside it.")
    var output: String

    @Option(help: "Total ids, special pieces and sentinels included.")
    var vocabSize: Int

    @Option(help: "unigram or bpe.")
    var modelType: TokenizerModelType = .unigram

    @Option(help: "Most lines sampled from the input (each kept line is held in memory).")
    var inputSentenceSize = 10_000_000

    @Option(help: "Seed of the sample and its shuffle: same seed, inputs and --threads, same model bytes.")
    var seed: UInt64 = 1

    @Flag(help: "Spell characters outside the vocabulary as UTF-8 byte pieces instead of <unk> (takes 256 ids).")
    var byteFallback = false

    @Option(help: "Share of characters the vocabulary must cover, in (0, 1].")
    var characterCoverage = 0.9995

    @Option(help: "Longest piece, in characters.")
    var maxPieceLength = 16

    @Option(help: "Lines longer than this many bytes are left out of the sample (and counted).")
    var maxSentenceLength = 4192

    @Option(help: "SentencePiece training threads.")
    var threads = ParallelMap.availableCores

    @Option(help: "Special tokens: none, electra, t5 or ul2.")
    var special: SpecialTokenPreset = .none

    @Flag(help: "Give <s> (beginning of sequence) id 3.")
    var bos = false

    @Option(help: "SentencePiece normalization: \(TokenizerTrainingConfig.normalizations.joined(separator: ", ")).")
    var normalization = "nmt_nfkc"

    @Flag(help: "Show SentencePiece's own training log.")
    var verbose = false

    var config: TokenizerTrainingConfig {
        var config = TokenizerTrainingConfig(vocabSize: vocabSize)
        config.modelType = modelType
        config.inputSentenceSize = inputSentenceSize
        config.seed = seed
        config.byteFallback = byteFallback
        config.characterCoverage = characterCoverage
        config.maxPieceLength = maxPieceLength
        config.maxSentenceLength = maxSentenceLength
        config.threads = threads
        config.special = special
        config.bos = bos
        config.normalization = normalization
        return config
    }

    func validate() throws {
        do { try config.validate() } catch { throw ValidationError("--\(error)") }
        guard input.worldSize == 1 else { throw ValidationError("--world-size: a tokenizer is trained on one machine from all inputs") }
    }

    func run() throws {
        let terminal = Terminal()
        let trainer = try TokenizerTrainer(config: config, verbose: verbose)
        let (files, _) = try input.selectedFiles(terminal: terminal)
        do { try AtomicFile(path: output).abandon() } catch {
            terminal.line("error: \(error)")
            throw ExitStatus.cannotCreate
        }
        let (sample, failedFiles) = self.sample(files: files, trainer: trainer, terminal: terminal)
        let report = TokenizerTrainingReport(terminal: terminal, quiet: input.quiet, live: !verbose)
        do {
            let model = try report.training(config) { try trainer.train(sample) }
            try model.write(modelPath: output)
            report.written(model, path: output, vocabPath: TrainedTokenizerModel.vocabPath(forModel: output))
        } catch let error as TokenizerError {
            terminal.line("error: \(error)")
            if case .cannotWrite = error { throw ExitStatus.cannotCreate }
            throw ExitStatus.dataError
        }
        if failedFiles { throw ExitStatus.dataError }
    }

    /// Reads every document, offering its lines to the sampler, with progress on standard error.
    private func sample(files: [String], trainer: TokenizerTrainer, terminal: Terminal) -> (SentenceSample, failedFiles: Bool) {
        let stream = DocumentStream(files: files, options: input.readerOptions)
        let problems = ProblemLog(terminal: terminal, limit: 20)
        stream.onProblem = { problems.report($0) }
        var sampler = trainer.makeSampler()
        let clock = ContinuousClock()
        let started = clock.now
        var lastProgress = started
        let interval: Duration = terminal.isInteractive ? .milliseconds(200) : .milliseconds(Int64(input.progressInterval * 1000))
        while let document = stream.next() {
            sampler.add(document: document.text)
            if !input.quiet, sampler.documents % 256 == 0, clock.now - lastProgress >= interval {
                lastProgress = clock.now
                let seconds = max((clock.now - started).seconds, 1e-9)
                terminal.progress("sample: file \(min(stream.currentFileIndex + 1, files.count))/\(files.count)  "
                    + "\(Format.count(sampler.documents)) docs  \(Format.count(sampler.lines)) lines  "
                    + "\(Format.count(sampler.sampled)) kept  \(Format.fixed(Double(stream.inputBytesConsumed) / seconds / 1e6, 1)) MB/s")
            }
        }
        problems.finish()
        let seconds = max((clock.now - started).seconds, 1e-9)
        let sample = sampler.finish()
        let stats = sample.statistics
        terminal.clearLive()
        if !input.quiet {
            terminal.line("sampled \(Format.count(sample.count)) of \(Format.count(stats.lines)) lines from "
                + "\(Format.count(stats.documents)) documents (\(Format.bytes(stream.inputBytesConsumed)) in "
                + "\(Format.fixed(seconds, 1)) s, \(Format.fixed(Double(stream.inputBytesConsumed) / seconds / 1e6, 1)) MB/s)")
        }
        if stats.tooLong > 0 {
            terminal.line("left out \(Format.count(stats.tooLong)) lines longer than \(config.maxSentenceLength) bytes "
                + "(SentencePiece skips them; raise --max-sentence-length to keep them)")
        }
        for failure in stream.statistics.filesFailed { terminal.line("failed: \(failure)") }
        return (sample, !stream.statistics.filesFailed.isEmpty)
    }
}
