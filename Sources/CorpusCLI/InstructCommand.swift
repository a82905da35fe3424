import ArgumentParser
import CorpusFinetuning
import CorpusTensors
import CorpusTokenizer
import Foundation
import Yams

/// `corpus instruct`: Flan-style instruction tuning of a pretrained T5, scored by rank
/// classification on a held-out task before and after.
struct InstructCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "instruct",
        abstract: "Instruction-tune a pretrained T5 on a JSONL mixture; rank-classify a held-out task before and after.",
        discussion: """
            --train files are JSONL, one {"inputs": ..., "targets": ...} per line (optional "task" and \
            "options"); --task-file TSV files (read as with corpus finetune's --layout) become instructions \
            through a template family (sentiment, acceptability, topic, language, generic, or one from \
            --templates), each task named after its file. --heldout is a JSONL file whose lines carry \
            options, or a TSV file rendered like the task files; its task must not be in the mixture. The \
            loss is on target tokens only; evaluation scores each option by its summed log-likelihood. \
            Writes results.json, metrics.jsonl and model.safetensors into --output (docs/finetuning.md).
            """
    )

    @Option(help: "An instruction JSONL file of the training mixture (repeat for several).")
    var train: [String] = []

    @Option(name: .customLong("task-file"), help: "A labeled TSV file rendered into the mixture through --family's templates (repeat for several).")
    var taskFiles: [String] = []

    @Option(help: "The held-out task: a JSONL file with options on every line, or a labeled TSV file.")
    var heldout: String

    @Option(help: "A pretraining run folder or a checkpoint (.safetensors) of a span or ul2 T5.")
    var checkpoint: String

    @Option(help: "The tokenizer the model was pretrained with: a .model file or a folder holding tokenizer.model (default: the run folder's).")
    var tokenizer: String?

    @Option(help: "The template family for --task-file files and a TSV --heldout.")
    var family = "generic"

    @Option(name: .customLong("heldout-family"), help: "The template family for a TSV --heldout (default: --family).")
    var heldoutFamily: String?

    @Option(help: "A YAML file with more template families (a list of {name, templates: [{inputs, targets}], verbalizer}).")
    var templates: String?

    @Option(help: "Label=option words for rendered tasks, e.g. 0=negative (repeat).")
    var verbalizer: [String] = []

    @Option(help: "The column layout of TSV files: sst2, cola, ag-news, standard.")
    var layout = "standard"

    @Option(help: "Settings (.yaml or .json; keys as in docs/finetuning.md); flags override them.")
    var config: String?

    @Option(help: "Peak learning rate (default 3e-4).")
    var learningRate: Double?

    @Option(help: "Passes over the mixture (default 3).")
    var epochs: Int?

    @Option(help: "Examples per step (default 32).")
    var batchSize: Int?

    @Option(help: "The seed of data order, dropout and template choice (default 1).")
    var seed: UInt64?

    @Option(name: .shortAndLong, help: "The output folder.")
    var output: String

    @Option(help: "BLAS threads (default: all cores). The numbers do not depend on it.")
    var threads: Int?

    func validate() throws {
        if train.isEmpty && taskFiles.isEmpty { throw ValidationError("give the training mixture: --train FILE.jsonl or --task-file FILE.tsv") }
        if TSVLayout.presets[layout] == nil {
            throw ValidationError("--layout \(layout) is unknown; use one of \(TSVLayout.presets.keys.sorted().joined(separator: ", "))")
        }
        if let bad = verbalizer.first(where: { !$0.contains("=") }) { throw ValidationError("--verbalizer \(bad): write LABEL=WORDS") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
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
        do throws(FinetuneError) {
            var settings = InstructionSettings()
            if let config {
                guard let text = try? String(contentsOfFile: config, encoding: .utf8) else { throw .missing(path: config, what: "settings file") }
                do { settings = try YAMLDecoder().decode(InstructionSettings.self, from: text) } catch {
                    throw .invalidSettings(["\(config): \(error)"])
                }
            }
            if let learningRate { settings.learningRate = learningRate }
            if let epochs { settings.epochs = epochs }
            if let batchSize { settings.batchSize = batchSize }
            if let seed { settings.seed = seed }
            if !settings.problems().isEmpty { throw .invalidSettings(settings.problems()) }
            if let threads { BLASRuntime.setThreads(threads) }
            // Refuse an output that cannot be made before spending the training time.
            do { try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true) } catch {
                throw .cannotWrite(path: output, reason: error.localizedDescription)
            }
            let words = Dictionary(verbalizer.map { entry in
                let parts = entry.split(separator: "=", maxSplits: 1)
                return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
            }, uniquingKeysWith: { $1 })
            let tsvLayout = TSVLayout.presets[layout]!
            let inputs = InstructionInputs(
                train: train, taskFiles: taskFiles.map { InstructionTaskFile(path: $0, layout: tsvLayout, family: family) },
                heldout: heldout.hasSuffix(".tsv") ? .tsv(InstructionTaskFile(path: heldout, layout: tsvLayout, family: heldoutFamily ?? family))
                    : .jsonl(heldout),
                families: try TemplateFamilies.including(file: templates), verbalizer: words)
            let (mixture, held) = try inputs.read(seed: settings.seed)
            for source in mixture.sources + held.sources {
                terminal.line("\(source.path): \(source.examples) examples, \(source.skipped) skipped" + (source.family.map { " (templates: \($0))" } ?? ""))
            }
            let pretrained = try PretrainedModel(path: checkpoint)
            let tokenizerPath = try FinetuneCommand.locateTokenizer(tokenizer, checkpoint: checkpoint)
            let sentencePiece: SentencePieceTokenizer
            do { sentencePiece = try SentencePieceTokenizer(modelFile: tokenizerPath) } catch {
                throw .unreadable(path: tokenizerPath, reason: "not a SentencePiece model (\(error))")
            }
            terminal.line("instruct: \(pretrained.summary), step \(pretrained.step) of \(pretrained.path); \(mixture.examples.count) examples × "
                + "\(settings.epochs) epochs, batch \(settings.batchSize), lr \(settings.learningRate) (\(settings.schedule.rawValue)); "
                + "held out: \(held.tasks.sorted().joined(separator: ", "))")
            let (results, model) = try InstructionTuning.run(mixture: mixture, heldout: held, pretrained: pretrained, tokenizer: sentencePiece,
                                                             tokenizerPath: tokenizerPath, settings: settings) { event in
                switch event {
                case .zeroShot(let figures):
                    terminal.line("zero-shot: held-out accuracy \(String(format: "%.4f", figures.accuracy))  MCC \(String(format: "%.4f", figures.matthewsCorrelation))")
                case .trained(let step, let steps, let loss, let rate):
                    terminal.progress("step \(step)/\(steps)  loss \(String(format: "%.4f", loss))  lr \(String(format: "%.2e", rate))")
                case .evaluated(let epoch):
                    terminal.line("epoch \(epoch.epoch): train loss \(String(format: "%.4f", epoch.trainLoss))  held-out accuracy "
                        + "\(String(format: "%.4f", epoch.heldout.accuracy))  MCC \(String(format: "%.4f", epoch.heldout.matthewsCorrelation))")
                }
            }
            print(results.table)
            for path in try InstructionTuning.write(results, model: model, pretrained: pretrained, to: output) { terminal.line("wrote \(path)") }
        } catch {
            throw fail(error)
        }
    }
}
