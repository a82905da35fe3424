import ArgumentParser
import CorpusFinetuning
import CorpusTensors
import CorpusTokenizer
import Foundation
import Yams

/// `corpus finetune`: a classification head on a pretrained encoder, fine-tuned over several seeds.
struct FinetuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finetune",
        abstract: "Fine-tune a pretrained ELECTRA or T5 encoder on a labeled TSV task; accuracy and MCC over seeds.",
        discussion: """
            --checkpoint is a pretraining run folder (its newest checkpoint) or a checkpoint file. ELECTRA \
            (rtd, mlm) gets a [CLS] head, T5 a linear head on its encoder's mean state (docs/finetuning.md). \
            Columns are positions (0 is the first) or header names: SST-2 is --layout sst2, CoLA --layout cola, \
            AG News --layout ag-news. Labels are any strings, mapped to class ids in sorted order. Rows that \
            cannot be read are skipped and counted. Seeds 1...N each fine-tune from the same checkpoint; the \
            table gives each seed's dev accuracy and MCC after the last epoch, then their median, range and \
            standard deviation.
            """
    )

    @Option(help: "The task; only classification for now.")
    var task = "classification"

    @Option(help: "The train TSV file.")
    var train: String

    @Option(help: "The dev TSV file, evaluated after every epoch.")
    var dev: String

    @Option(help: "A pretraining run folder or a checkpoint (.safetensors).")
    var checkpoint: String

    @Option(help: "The tokenizer the model was pretrained with: a .model file or a shard dataset folder (default: tokenizer.model in the run folder).")
    var tokenizer: String?

    @Option(help: "A preset column layout: sst2, cola, ag-news, standard (text 0, label 1).")
    var layout: String?

    @Option(name: .customLong("text-column"), help: "A text column (position or header name); repeat to join several, or for a --pair.")
    var textColumns: [String] = []

    @Option(help: "The label column (position or header name).")
    var labelColumn: String?

    @Flag(inversion: .prefixedNo, help: "Whether the files start with a header row (default: detected).")
    var header: Bool?

    @Flag(help: "Read the two text columns as a sentence pair ([CLS] a [SEP] b [SEP]).")
    var pair = false

    @Option(help: "Fine-tuning settings (.yaml or .json; keys as in docs/finetuning.md); flags override them.")
    var config: String?

    @Option(help: "Seeds to run (1...N).")
    var seeds: Int?

    @Option(help: "Peak learning rate (default 1e-4).")
    var learningRate: Double?

    @Option(help: "Examples per step (default 32).")
    var batchSize: Int?

    @Option(help: "Passes over the train file (default 3).")
    var epochs: Int?

    @Option(help: "Tokens per example, special tokens included (default 128).")
    var maxLength: Int?

    @Option(help: "Layer-wise learning-rate decay (default 1: off; ELECTRA uses 0.8).")
    var layerDecay: Double?

    @Option(name: .shortAndLong, help: "Where to write the results: a .json file, or a folder (results.json and metrics.jsonl).")
    var output: String?

    @Option(help: "BLAS threads (default: all cores). The numbers do not depend on it.")
    var threads: Int?

    func validate() throws {
        guard task == "classification" else { throw ValidationError("--task \(task) is not supported; use classification") }
        if let layout, TSVLayout.presets[layout] == nil {
            throw ValidationError("--layout \(layout) is unknown; use one of \(TSVLayout.presets.keys.sorted().joined(separator: ", "))")
        }
        if let seeds, seeds < 1 { throw ValidationError("--seeds must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        let problems = tsvLayout().problems()
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "; ")) }
    }

    /// The preset layout with the column flags applied.
    func tsvLayout() -> TSVLayout {
        var result = layout.flatMap { TSVLayout.presets[$0] } ?? .standard
        if !textColumns.isEmpty { result.textColumns = textColumns.map(ColumnReference.init(parsing:)) }
        if let labelColumn { result.labelColumn = ColumnReference(parsing: labelColumn) }
        if let header { result.header = header ? .present : .absent }
        if pair { result.pair = true }
        return result
    }

    func run() throws {
        BLASKernels.preferFastKernels()
        let terminal = Terminal()
        func fail(_ error: FinetuneError) -> ExitCode {
            terminal.line("error: \(error)")
            switch error {
            case .missing: return ExitStatus.noInput
            case .invalidSettings: return ExitCode(64)
            case .cannotWrite: return ExitStatus.cannotCreate
            case .unreadable, .data, .model: return ExitStatus.dataError
            }
        }
        for (path, what) in [(train, "train file"), (dev, "dev file"), (checkpoint, "checkpoint")] where !FileManager.default.fileExists(atPath: path) {
            throw fail(.missing(path: path, what: what))
        }
        var settings = FinetuneSettings()
        if let config {
            guard let text = try? String(contentsOfFile: config, encoding: .utf8) else { throw fail(.missing(path: config, what: "settings file")) }
            do { settings = try YAMLDecoder().decode(FinetuneSettings.self, from: text) } catch {
                terminal.line("error: \(config): \(error)")
                throw ExitCode(64)
            }
        }
        if let seeds { settings.seeds = seeds }
        if let learningRate { settings.learningRate = learningRate }
        if let batchSize { settings.batchSize = batchSize }
        if let epochs { settings.epochs = epochs }
        if let maxLength { settings.maximumLength = maxLength }
        if let layerDecay { settings.layerDecay = layerDecay }
        if !settings.problems().isEmpty { throw fail(.invalidSettings(settings.problems())) }
        if let threads { BLASRuntime.setThreads(threads) }
        do throws(FinetuneError) {
            let model = try PretrainedModel(path: checkpoint)
            let tokenizerPath = try locateTokenizer()
            let sentencePiece: SentencePieceTokenizer
            do { sentencePiece = try SentencePieceTokenizer(modelFile: tokenizerPath) } catch {
                throw .unreadable(path: tokenizerPath, reason: "not a SentencePiece model (\(error))")
            }
            let task = try ClassificationTask(train: train, dev: dev, layout: tsvLayout())
            for file in [task.train, task.dev] {
                terminal.line("\(file.path): \(file.examples.count) examples\(file.hadHeader ? " after a header row" : ""), \(file.skipped) rows skipped")
                for problem in file.problems.prefix(5) { terminal.line("  skipped \(problem)") }
            }
            terminal.line("labels: " + task.labels.enumerated().map { "\($0.offset) = \($0.element)" }.joined(separator: ", "))
            terminal.line("finetune: \(model.summary), step \(model.step) of \(model.path); \(settings.seeds) seed\(settings.seeds == 1 ? "" : "s") × "
                + "\(settings.epochs) epochs, batch \(settings.batchSize), lr \(settings.learningRate); BLAS on \(BLASRuntime.threads) threads")
            let results: FinetuneResults
            do {
                results = try Finetuning.run(task: task, model: model, tokenizer: sentencePiece, tokenizerPath: tokenizerPath,
                                             settings: settings) { event in
                    switch event {
                    case .started: break
                    case .trained(let seed, let step, let steps, let loss, let rate):
                        terminal.progress("seed \(seed): step \(step)/\(steps)  loss \(String(format: "%.4f", loss))  lr \(String(format: "%.2e", rate))")
                    case .evaluated(let seed, let m):
                        terminal.line("seed \(seed) epoch \(m.epoch): train loss \(String(format: "%.4f", m.trainLoss))  dev loss "
                            + "\(String(format: "%.4f", m.devLoss))  accuracy \(String(format: "%.4f", m.accuracy))  MCC \(String(format: "%.4f", m.matthewsCorrelation))")
                    }
                }
            } catch let error as FinetuneError {
                throw error
            } catch {
                throw .data(path: train, reason: "cannot be tokenized: \(error)")
            }
            print(results.table)
            if let output {
                for path in try Finetuning.write(results, to: output) { terminal.line("wrote \(path)") }
            }
        } catch {
            throw fail(error)
        }
    }

    /// `--tokenizer` (a file, or a folder holding tokenizer.model), else tokenizer.model in the run folder.
    func locateTokenizer() throws(FinetuneError) -> String {
        try Self.locateTokenizer(tokenizer, checkpoint: checkpoint)
    }

    /// `tokenizer` (a file, or a folder holding tokenizer.model), else tokenizer.model in the run
    /// folder of `checkpoint`.
    static func locateTokenizer(_ tokenizer: String?, checkpoint: String) throws(FinetuneError) -> String {
        var isFolder: ObjCBool = false
        if let tokenizer {
            guard FileManager.default.fileExists(atPath: tokenizer, isDirectory: &isFolder) else { throw .missing(path: tokenizer, what: "tokenizer") }
            let path = isFolder.boolValue ? tokenizer + "/tokenizer.model" : tokenizer
            guard FileManager.default.fileExists(atPath: path) else { throw .missing(path: path, what: "tokenizer model in that folder") }
            return path
        }
        let folder = FileManager.default.fileExists(atPath: checkpoint, isDirectory: &isFolder) && isFolder.boolValue
            ? checkpoint : (checkpoint as NSString).deletingLastPathComponent + "/.."
        let candidate = folder + "/tokenizer.model"
        guard FileManager.default.fileExists(atPath: candidate) else {
            throw .missing(path: candidate, what: "tokenizer; pass --tokenizer with the tokenizer.model of the shards the model was pretrained on")
        }
        return candidate
    }
}
