import ArgumentParser
import CorpusDistributed
import CorpusModels
import CorpusPipeline
import CorpusTensors
import CorpusTraining
import Foundation

/// `corpus pretrain`: train ELECTRA, the MLM baseline, T5 (span corruption and the T5 paper's
/// variants), UL2's mixture, or a causal LM from token shards.
struct PretrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pretrain",
        abstract: "Pretrain ELECTRA, the MLM baseline, T5, UL2 or a causal LM from lz4 token shards.",
        discussion: """
            --config is a YAML file (docs/pretraining.md; Pipelines/train/*.yaml) or a preset name \
            (electra-small, electra-tiny, t5-small, t5-tiny, switch-tiny). The output folder gets settings.json, \
            metrics.jsonl, checkpoints/ (safetensors, every checkpoint_every steps) and, at the end, \
            export/ (HuggingFace's ELECTRA or T5 layout). Run the same command again to resume after \
            a stop: the loss curve continues bit for bit. The shards' tokenizer must have [MASK] for \
            rtd and mlm (--special electra), T5's sentinels for the encoder-decoder objectives \
            (--special t5), and UL2's mode tokens too for ul2 (--special ul2). \
            Under `mpirun -np K` the K processes train data-parallel: each takes a K-th of every batch \
            (batch_size must divide by K), gradients are summed every step, rank 0 writes the folder.
            """
    )

    @Option(help: "The objective: rtd, mlm, span, bert-style, iid-sentinel, drop, deshuffle, prefix-lm, ul2, causal-lm; overrides the config's.")
    var objective: PretrainingObjectiveKind?

    @Option(help: "A pretraining config (.yaml) or a preset name.")
    var config: String

    @Option(help: "The token-shard dataset folder (made by corpus shard).")
    var data: String

    @Option(name: .shortAndLong, help: "The run folder to write (and resume from).")
    var output: String

    @Option(help: "Stop after this many steps in total (the run resumes later from there).")
    var stopAfter: Int?

    @Option(help: "BLAS threads (default: all cores, shared among the processes mpirun starts on a machine). The numbers do not depend on it.")
    var threads: Int?

    func validate() throws {
        if let stopAfter, stopAfter < 1 { throw ValidationError("--stop-after must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        // It may start the process again: before MPI starts, which a process can do only once.
        BLASKernels.preferFastKernels()
        let world: MPIWorld?
        do { world = try MPIWorld.startIfLaunched() } catch {
            Terminal().line("error: \(error)")
            throw ExitCode(70)
        }
        guard let world else { return try train(terminal: RankTerminal(Terminal(), rank: 0)) }
        // One world for the whole process: every rank trains; rank 0 alone talks and writes.
        DataParallel.world = world
        let terminal = RankTerminal(Terminal(), rank: world.rank)
        do {
            try train(terminal: terminal, processes: world.size,
                      localProcesses: ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_LOCAL_SIZE"].flatMap(Int.init) ?? 1)
        } catch {
            // The other ranks would wait forever in their next allreduce: end them all.
            if !(error is ExitCode) { terminal.line("error: \(error)") }
            world.abortAll(code: (error as? ExitCode)?.rawValue ?? 1)
            throw error
        }
        world.finish()
    }

    /// The run itself, on one process of `processes`; the BLAS threads default to the
    /// machine's cores shared among its `localProcesses`.
    private func train(terminal: RankTerminal, processes: Int = 1, localProcesses: Int = 1) throws {
        BLASKernels.preferFastKernels()
        MemoryReuse.keepFreedMemory()
        var pretrainConfig: PretrainConfig
        if let preset = PretrainConfig.preset(config) {
            pretrainConfig = preset
        } else {
            guard FileManager.default.fileExists(atPath: config) else {
                terminal.line("error: \(config): no such config file, and not a preset (\(PretrainingSettings.presetNames.joined(separator: ", ")))")
                throw ExitStatus.noInput
            }
            do { pretrainConfig = try PretrainConfig.load(path: config) } catch {
                terminal.line("error: \(error)")
                throw ExitCode(64)
            }
        }
        if let objective {
            pretrainConfig.settings.objective = objective
            if objective.usesElectraShape != (pretrainConfig.settings.model.electra != nil) {
                terminal.line("error: --objective \(objective.rawValue) does not train this config's model; use a \(PretrainingSettings.defaultPresetName(for: objective)) config")
                throw ExitCode(64)
            }
        }
        guard FileManager.default.fileExists(atPath: data + "/manifest.json") else {
            terminal.line("error: \(data): not a finished token-shard dataset (no manifest.json); make one with corpus shard")
            throw ExitStatus.noInput
        }
        if let threads {
            BLASRuntime.setThreads(threads)
        } else if localProcesses > 1 {
            BLASRuntime.setThreads(max(1, ProcessInfo.processInfo.activeProcessorCount / localProcesses))
        }
        let setup: PretrainSetup
        do { setup = try PretrainSetup(config: pretrainConfig, data: data, output: output) } catch {
            terminal.line("error: \(error)")
            throw ExitStatus.dataError
        }
        let s = setup.settings
        terminal.line("pretrain: \(Self.describe(s)), vocabulary \(s.model.vocabulary), "
            + "batch \(s.batchSize) × \(s.sequenceLength), \(s.steps) steps; BLAS \(BLASRuntime.coreName) on \(BLASRuntime.threads) threads"
            + (processes > 1 ? " in each of \(processes) data-parallel processes (\(s.batchSize / max(1, processes)) sequences each per step)" : "")
            + (setup.evaluates ? "" : "; no validation split, so no held-out metrics"))
        // Matrix-product work per token, for the GFLOP/s figure (ELECTRA and the encoder-decoder objectives).
        let predictions = min(Int((s.masking.rate * Double(s.sequenceLength)).rounded()), s.masking.maximumPredictions) * s.batchSize
        let flopsPerToken = s.objective == .rtd
            ? StepFLOPs(electra: s.model.electra!, batch: s.batchSize, length: s.sequenceLength, predictions: predictions).total
                / Double(s.batchSize * s.sequenceLength)
            : setup.flopsPerToken
        do {
            let reached = try setup.run(stopAfter: stopAfter) { event in
                switch event {
                case .resumed(let step, let path): terminal.line("resumed at step \(step) from \(path)")
                case .initialized(let path): terminal.line("starting from the weights of \(path)")
                case .skippedCheckpoint(let path, let reason): terminal.line("warning: passed over \(path): \(reason)")
                case .trained(let step, let loss, let rate, let speed, let left):
                    terminal.progress("step \(step)/\(s.steps)  loss \(Format.fixed(loss, 4))  lr \(String(format: "%.2e", rate))  "
                        + "\(Format.count(Int(speed))) tokens/s"
                        + (flopsPerToken.map { "  \(Format.fixed(speed * $0 / 1e9, 0)) GFLOP/s" } ?? "")
                        + "  ETA \(Format.duration(left ?? .nan))", fraction: Double(step) / Double(max(s.steps, 1)))
                case .evaluated(let step, let loss, let accuracy, let auc):
                    terminal.line("step \(step) validation: loss \(Format.fixed(loss, 4))"
                        + (accuracy.map { "  \(s.objective.usesElectraShape ? "masked" : "token") accuracy \(Format.fixed($0, 4))" } ?? "")
                        + (auc.map { "  discriminator AUC \(Format.fixed($0, 4))" } ?? ""))
                case .checkpointed: break
                case .dataParallel(let processes, let parameters):
                    let bytes = 4.0 * Double(parameters), ring = bytes * 2 * Double(processes - 1) / Double(processes)
                    terminal.line("data parallel over \(processes) processes: each step sums \(Format.count(parameters)) gradients "
                        + "(\(Format.fixed(bytes / 1e6, 1)) MB; a ring allreduce sends and receives \(Format.fixed(ring / 1e6, 1)) MB per process)")
                }
            }
            terminal.clearLive()
            terminal.line(reached == s.steps ? "done: \(output)/export holds the model"
                                             : "stopped at step \(reached) of \(s.steps); run the same command to go on")
        } catch let error as PretrainingError {
            terminal.clearLive()
            terminal.line("error: \(error)")
            if case .io = error { throw ExitStatus.cannotCreate }
            throw ExitStatus.dataError
        }
    }
}

/// What a rank says: rank 0 talks as a single process does; the others only report errors and
/// warnings, prefixed with their rank.
struct RankTerminal {
    let terminal: Terminal, rank: Int

    init(_ terminal: Terminal, rank: Int) {
        self.terminal = terminal
        self.rank = rank
    }

    func line(_ text: String) {
        if rank == 0 {
            terminal.line(text)
        } else if text.hasPrefix("error:") || text.hasPrefix("warning:") {
            terminal.line("rank \(rank): " + text)
        }
    }

    func progress(_ text: String, fraction: Double) {
        if rank == 0 { terminal.progress(text, fraction: fraction) }
    }

    func clearLive() {
        if rank == 0 { terminal.clearLive() }
    }
}

extension PretrainCommand {
    /// The model and objective in a few words, for the first line.
    static func describe(_ s: PretrainingSettings) -> String {
        switch s.model {
        case .electra(let shape):
            return (s.objective == .rtd ? "ELECTRA replaced token detection" : "masked LM baseline")
                + ", hidden \(shape.discriminator.hidden) × \(shape.discriminator.layers) layers"
        case .t5(let shape):
            let switchLayers = shape.sparse.map { ", Switch \($0.experts) experts, sparse_every \($0.sparseEvery)" } ?? ""
            if s.objective == .causalLM {
                return "causal LM, d_model \(shape.width) × \(shape.decoderLayers) decoder blocks" + switchLayers
            }
            let what = s.objective == .ul2 ? "UL2 mixture (\(s.denoising.mixture))" : "T5 \(s.objective.rawValue)"
            return "\(what), d_model \(shape.width), \(shape.encoderLayers) + \(shape.decoderLayers) blocks, \(shape.feedForwardKind.rawValue)"
                + switchLayers
        }
    }
}

extension PretrainingObjectiveKind: ExpressibleByArgument {}
