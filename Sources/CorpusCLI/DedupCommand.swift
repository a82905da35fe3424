import ArgumentParser
import CorpusCore
import CorpusDedup
import CorpusIngest
import CorpusPipeline
import Foundation

/// `corpus dedup`: remove duplicate documents (and C4's duplicate lines) within a memory budget.
struct DedupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedup",
        abstract: "Remove duplicates: exact documents, C4 URL and line dedup, MinHash near-duplicates.",
        discussion: """
            Methods run in the order given, each over what the previous ones kept (C4: \
            --method url,lines). Signatures are sorted on disk in hash-partitioned runs within \
            --memory, so the corpus may be much larger than memory; the output is identical \
            whatever --memory and --workers are. Kept documents keep their input order.

            One machine: `corpus dedup IN... --method M -o OUT`. Several: run `--phase signatures` \
            on every rank, `--phase reduce` once, for each step (--step 0, 1, ...), then \
            `--phase filter` on every rank, all with the same --work-dir and inputs.
            """
    )

    @OptionGroup var input: ReaderArguments

    @Option(help: "Comma-separated methods, applied in order: \(DedupMethodName.allCases.map(\.rawValue).joined(separator: ", ")).")
    var method: String

    @Option(name: .shortAndLong, help: "Output JSONL of kept documents (.gz, .zst or .lz4 to compress); standard output when absent.")
    var output: String?

    @Option(help: "Write one record per removed document (method, reason, the id it duplicates) to this JSONL file.")
    var removed: String?

    @Option(help: "Write statistics (per method: counts, cluster sizes, largest clusters) to this JSON file.")
    var stats: String?

    @Option(help: "Memory budget for sorting signatures, e.g. 512MB, 1GB (units of 1024).")
    var memory = "1GB"

    @Option(help: "Folder for sorted runs and decisions (default: a folder next to --output, removed at the end).")
    var workDir: String?

    @Flag(help: "Keep the work folder after a one-machine run.")
    var keepWork = false

    @Option(help: "all (one machine), or one phase of a multi-rank run: signatures, reduce, filter.")
    var phase: DedupPhase = .all

    @Option(help: "With --phase signatures or reduce: which method of --method (0-based).")
    var step = 0

    @Option(help: "Hash partitions per sorted run.")
    var partitions = 16

    @Option(help: "Documents handed to the workers at a time.")
    var batchSize = 512

    @OptionGroup var methodOptions: DedupMethodArguments

    func validate() throws {
        _ = try methods()
        guard MemorySize.parse(memory) != nil else { throw ValidationError("--memory: cannot read \"\(memory)\"; write e.g. 512MB or 2GB") }
        if phase != .all && workDir == nil { throw ValidationError("--phase \(phase.rawValue) needs --work-dir, shared by every rank and phase") }
        if phase == .all && input.worldSize > 1 {
            throw ValidationError("--world-size > 1 needs the phases run one by one (--phase signatures|reduce|filter)")
        }
    }

    func methods() throws -> [DedupMethodName] {
        var names: [DedupMethodName] = []
        for part in method.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces)
            guard let known = DedupMethodName(rawValue: name) else {
                throw ValidationError("--method: unknown method \"\(name)\"; known: \(DedupMethodName.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard !names.contains(known) else { throw ValidationError("--method: \"\(name)\" is given twice") }
            names.append(known)
        }
        guard !names.isEmpty else { throw ValidationError("--method: name at least one method") }
        return names
    }

    func run() throws {
        let terminal = Terminal()
        let methods: [any DedupMethod]
        do {
            methods = try self.methods().map { try $0.make(methodOptions.options()) }
        } catch {
            terminal.line("error: \(error)")
            throw ExitCode.validationFailure
        }
        let (files, all) = try input.selectedFiles(terminal: terminal)
        let work = workDir ?? ((output ?? "dedup") + ".work-\(getpid())")
        let settings = DedupSettings(workDirectory: work, memoryBytes: MemorySize.parse(memory) ?? 0, partitions: partitions,
                                     workers: input.workers, batchSize: batchSize)
        do { try settings.validate() } catch {
            terminal.line("error: \(error)")
            throw ExitCode.validationFailure
        }
        let dedupInput = DedupInput(files: all, split: try WorkSplit(rank: input.rank, worldSize: input.worldSize), options: input.readerOptions)
        let runner = DedupRunner(terminal: terminal, quiet: input.quiet, interval: input.progressInterval, files: files.count)
        do {
            switch phase {
            case .all:
                if workDir == nil { try? FileManager.default.removeItem(atPath: work) }
                defer { if !keepWork && workDir == nil { try? FileManager.default.removeItem(atPath: work) } }
                try runner.all(methods: methods, input: dedupInput, settings: settings, output: output, removed: removed, stats: stats)
            case .signatures:
                try runner.signatures(methods: methods, step: step, input: dedupInput, settings: settings)
            case .reduce:
                try runner.reduce(methods: methods, step: step, settings: settings)
            case .filter:
                try runner.filter(methods: methods, input: dedupInput, settings: settings, output: output, removed: removed, stats: stats)
            }
        } catch let error as DedupError {
            terminal.line("error: \(error)")
            switch error {
            case .invalidOption: throw ExitCode.validationFailure
            case .cannotRead: throw ExitStatus.noInput
            case .corruptWorkFile: throw ExitStatus.dataError
            case .cannotWrite: throw ExitStatus.cannotCreate
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            terminal.line("error: \(error)")
            throw ExitStatus.cannotCreate
        }
        if runner.filesFailed { throw ExitStatus.dataError }
    }
}

/// The phases of `corpus dedup`.
enum DedupPhase: String, ExpressibleByArgument, CaseIterable {
    case all, signatures, reduce, filter
}

/// Method settings on the command line.
struct DedupMethodArguments: ParsableArguments {
    @Option(help: "Folder of the shipped rule data, for the Punkt model of --method lines (default: $CORPUS_FILTERS or the checkout's Filters).")
    var filtersDir: String?

    @Option(help: "--method paragraphs: lines shorter than this many characters are never removed.")
    var paragraphMinLength = 0

    @Option(help: "--method minhash: LSH bands.")
    var minhashBands = 14

    @Option(help: "--method minhash: rows (hashes) per band.")
    var minhashRows = 8

    @Option(help: "--method minhash: words per shingle.")
    var minhashNgram = 5

    @Option(help: "--method minhash: seed of the hash permutations.")
    var minhashSeed: UInt64 = 1

    func options() throws -> DedupMethodOptions {
        DedupMethodOptions(minhashBands: minhashBands, minhashRows: minhashRows, minhashNgram: minhashNgram, minhashSeed: minhashSeed,
                           paragraphMinLength: paragraphMinLength, filtersDirectory: FiltersDirectory.locate(explicit: filtersDir))
    }
}
