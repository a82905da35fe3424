import ArgumentParser
import CorpusShards

/// `corpus shards`: check, describe, benchmark and export lz4 token-shard datasets.
struct ShardsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shards",
        abstract: "Verify, inspect, scan and export token-shard datasets (format: Shards/README.md).",
        subcommands: [ShardsVerifyCommand.self, ShardsInspectCommand.self, ShardsScanCommand.self, ShardsExportCommand.self, ShardsFromIDsCommand.self]
    )
}

/// `corpus shards verify DIR`: every check the format allows, with the decoding speed.
struct ShardsVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a dataset: manifest, shard sizes and file checksums, headers, indexes, every block.",
        discussion: "Exit 0 when all is well, 65 at the first damage (the message names the shard, part and byte offset), 66 when DIR cannot be read."
    )

    @Argument(help: "The dataset folder (holding manifest.json).")
    var directory: String

    @Flag(help: "Print only errors.")
    var quiet = false

    func run() throws {
        let terminal = Terminal()
        let clock = ContinuousClock()
        let started = clock.now
        let result = try ShardsFailure.mapping(terminal) {
            let dataset = try TokenDataset(directory: directory)
            let count = dataset.manifest.shards.count
            var done = 0
            return try dataset.verify { shard in
                done += 1
                if !quiet { terminal.progress("verified \(done)/\(count) shards (\(shard.file))", fraction: Double(done) / Double(max(count, 1))) }
            }
        }
        let seconds = (clock.now - started).seconds
        terminal.clearLive()
        guard !quiet else { return }
        print("ok: \(result.shards) shards, \(Format.count(result.documents)) documents, \(Format.count(result.tokens)) tokens, "
              + "\(Format.bytes(Int64(result.fileBytes))) on disk (ratio \(Format.fixed(Double(result.decodedBytes) / Double(max(1, result.storedBlockBytes)), 3)))")
        print("checked in \(Format.fixed(seconds, 2)) s on 1 thread: \(Format.fixed(Double(result.decodedBytes) / seconds / 1e6, 0)) MB/s of decoded tokens, "
              + "\(Format.fixed(Double(result.tokens) / seconds / 1e6, 1)) M tokens/s (file checksums included)")
    }
}

/// Maps `ShardError`s to exit codes, printing the message.
enum ShardsFailure {
    /// Runs `body`; a `ShardError` is printed and becomes 64 (bad arguments), 65 (damaged or
    /// incomplete data), 66 (cannot read) or 73 (cannot write).
    static func mapping<T>(_ terminal: Terminal, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ShardError {
            terminal.line("error: \(error)")
            switch error {
            case .invalidOptions, .outOfRange: throw ExitCode.validationFailure
            case .corrupt, .incompleteDataset, .unsupported: throw ExitStatus.dataError
            case .cannotRead: throw ExitStatus.noInput
            case .cannotWrite: throw ExitStatus.cannotCreate
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            terminal.line("error: \(error)")
            throw ExitStatus.dataError
        }
    }
}

extension DatasetSplit: ExpressibleByArgument {}
