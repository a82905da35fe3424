import ArgumentParser

/// The `corpus` command: raw web dumps in, pretraining corpora out.
@main
struct CorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corpus",
        abstract: "Turn raw web dumps into pretraining corpora.",
        discussion: """
            Exit codes: 0 success (damaged records are skipped and counted); 64 bad usage; \
            65 some input file could not be read at all; 66 an input path does not exist; \
            69 Slurm is unavailable; 73 the output could not be written; 75 a cluster job's earlier work is not done; 130/143 interrupted (no partial output is left).
            """,
        subcommands: [ReadCommand.self, CleanCommand.self, DedupCommand.self, TokenizerCommand.self, ShardCommand.self, ShardsCommand.self,
                      PretrainCommand.self, FinetuneCommand.self, InstructCommand.self, RunCommand.self, StatusCommand.self,
                      ReportCommand.self, BenchCommand.self]
    )
}

/// Exit codes with a meaning a script can act on (sysexits.h values).
enum ExitStatus {
    static let dataError = ExitCode(65)
    static let noInput = ExitCode(66)
    static let cannotCreate = ExitCode(73)
    /// A service the command needs (Slurm) is not there or refused.
    static let unavailable = ExitCode(69)
    /// Work this command needs is not done yet (an earlier phase of a cluster run): run it again later.
    static let tryAgain = ExitCode(75)
}
