import ArgumentParser
import CorpusCore
import CorpusTokenizer
import Foundation

/// `corpus tokenizer`: train, inspect and try SentencePiece tokenizers.
struct TokenizerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenizer",
        abstract: "Train, inspect and try SentencePiece tokenizers.",
        subcommands: [TokenizerTrainCommand.self, TokenizerInfoCommand.self, TokenizerEncodeCommand.self]
    )
}

/// Loads a model for a subcommand: exit 66 when the file is missing, 65 when it is not a model.
func loadTokenizer(_ path: String, terminal: Terminal) throws -> SentencePieceTokenizer {
    do {
        return try SentencePieceTokenizer(modelFile: path)
    } catch {
        terminal.line("error: \(error)")
        throw FileManager.default.fileExists(atPath: path) ? ExitStatus.dataError : ExitStatus.noInput
    }
}

/// `corpus tokenizer info`: vocabulary size, model type, special ids and a few pieces.
struct TokenizerInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Show a model's size, type, special ids and first pieces.")

    @Argument(help: "A SentencePiece .model file.")
    var model: String

    @Option(help: "How many learned pieces to show.")
    var pieces = 20

    func run() throws {
        let tokenizer = try loadTokenizer(model, terminal: Terminal())
        var kinds: [PieceKind: Int] = [:]
        var shown: [String] = []
        for id in 0..<UInt32(tokenizer.vocabSize) {
            let kind = tokenizer.kind(of: id)
            kinds[kind, default: 0] += 1
            if kind == .normal, shown.count < pieces { shown.append("\(id) \(tokenizer.piece(of: id) ?? "")") }
        }
        print("model: \(model)")
        print("sha256: \(tokenizer.modelHash)")
        print("type: \(tokenizer.modelType?.rawValue ?? "other")")
        print("vocabulary: \(tokenizer.vocabSize) ids (\(kinds[.normal] ?? 0) learned, \(kinds[.control] ?? 0) control, \(kinds[.byte] ?? 0) byte)")
        print("special ids: " + SpecialIDs.summary(tokenizer.specialTokens))
        print("first pieces: " + shown.joined(separator: ", "))
    }
}

/// `corpus tokenizer encode`: ids (or pieces) of texts, for checks.
struct TokenizerEncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Print the ids of texts given with --text, or of each line of standard input.",
        discussion: "No bos/eos is added. With --jsonl each text becomes {\"text\": ..., \"ids\": [...]} (what scripts/tokenizer/check_with_python.py reads)."
    )

    @Argument(help: "A SentencePiece .model file.")
    var model: String

    @Option(help: "A text to encode (repeatable); without it, each line of standard input is one text.")
    var text: [String] = []

    @Flag(help: "Print pieces instead of ids.")
    var pieces = false

    @Flag(help: "Print one JSON object per text with the text and its ids.")
    var jsonl = false

    func run() throws {
        let terminal = Terminal()
        let tokenizer = try loadTokenizer(model, terminal: terminal)
        var texts = text
        if texts.isEmpty { while let line = readLine(strippingNewline: true) { texts.append(line) } }
        for text in texts {
            let ids: [UInt32]
            do { ids = try tokenizer.encode(text) } catch {
                terminal.line("error: \(error)")
                throw ExitStatus.dataError
            }
            if jsonl {
                print("{\"text\": \(JSONString.quoted(text)), \"ids\": [\(ids.map(String.init).joined(separator: ", "))]}")
            } else if pieces {
                print(ids.map { tokenizer.piece(of: $0) ?? "?" }.joined(separator: " "))
            } else {
                print(ids.map(String.init).joined(separator: " "))
            }
        }
    }
}

extension TokenizerModelType: ExpressibleByArgument {}
extension SpecialTokenPreset: ExpressibleByArgument {}
