import CorpusTokenizer
import Foundation

/// What `corpus tokenizer train` says while training: elapsed time (SentencePiece's training
/// is one blocking call) and, at the end, the model's ids.
struct TokenizerTrainingReport {
    let terminal: Terminal
    let quiet: Bool
    /// Whether a live elapsed-time line may be drawn (not while SentencePiece logs itself).
    let live: Bool

    /// Runs `body` (the training), showing elapsed time on a terminal once a second.
    func training<T>(_ config: TokenizerTrainingConfig, _ body: () throws -> T) rethrows -> T {
        let what = "\(config.modelType.rawValue), \(Format.count(config.vocabSize)) ids, \(config.threads) threads"
        if !quiet { terminal.line("training \(what) ...") }
        let clock = ContinuousClock()
        let started = clock.now
        let ticker = ElapsedTicker(terminal: terminal, label: "train: \(what)")
        if !quiet && live && terminal.isInteractive { ticker.start() }
        defer {
            ticker.stop()
            if !quiet { terminal.line("trained in \(Format.duration((clock.now - started).seconds))") }
        }
        return try body()
    }

    /// Reports the files written and the ids a user needs.
    func written(_ model: TrainedTokenizerModel, path: String, vocabPath: String) {
        let tokenizer = model.tokenizer
        terminal.line("wrote \(path) and \(vocabPath): \(Format.count(tokenizer.vocabSize)) ids, sha256 \(tokenizer.modelHash)")
        terminal.line("special ids: " + SpecialIDs.summary(tokenizer.specialTokens))
    }
}

/// Special ids in one line: "<pad> 0, </s> 1, <unk> 2, <extra_id_0..99> 31999..31900".
enum SpecialIDs {
    static func summary(_ special: SpecialTokens) -> String {
        var parts = special.all.filter { !$0.name.hasPrefix("<extra_id_") }.map { "\($0.name) \($0.id)" }
        if let first = special.sentinels.first, let last = special.sentinels.last {
            parts.append("<extra_id_0..\(special.sentinels.count - 1)> \(first)..\(last)")
        }
        return parts.joined(separator: ", ")
    }
}

/// Redraws "label  elapsed 0:12" once a second from a background thread until stopped.
final class ElapsedTicker: @unchecked Sendable {
    private let terminal: Terminal
    private let label: String
    private let condition = NSCondition()
    private var running = false
    private var finished = true

    init(terminal: Terminal, label: String) {
        self.terminal = terminal
        self.label = label
    }

    func start() {
        running = true
        finished = false
        let started = ContinuousClock.now
        Thread.detachNewThread { [self] in
            condition.lock()
            while running {
                terminal.progress("\(label)  elapsed \(Format.duration((ContinuousClock.now - started).seconds))")
                _ = condition.wait(until: Date().addingTimeInterval(1))
            }
            terminal.clearLive()
            finished = true
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Stops the ticker and waits until its line is cleared.
    func stop() {
        condition.lock()
        running = false
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }
}
