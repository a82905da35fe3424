/// Why training, loading or using a tokenizer failed, with what to do about it.
public enum TokenizerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A training setting is out of range; found before any input is read.
    case invalidConfig(field: String, reason: String)
    /// The input gave no line to train on.
    case emptySample(documents: Int, lines: Int, tooLong: Int)
    /// SentencePiece refused to train; `message` is the library's own words.
    case trainingFailed(message: String)
    /// A model file could not be read or is not a SentencePiece model.
    case cannotLoad(path: String, reason: String)
    /// An output file could not be written; nothing partial is left at its path.
    case cannotWrite(path: String, reason: String)
    /// SentencePiece failed to encode or decode.
    case codingFailed(message: String)
    /// An id outside the vocabulary was given to decode.
    case idOutOfRange(id: UInt32, vocabSize: Int)

    /// What went wrong and what to do, for a person.
    public var description: String {
        switch self {
        case .invalidConfig(let field, let reason):
            return "\(field): \(reason)"
        case .emptySample(let documents, let lines, let tooLong):
            return "nothing to train on: \(documents) documents gave \(lines) non-empty lines, \(tooLong) of them "
                + "longer than the maximum sentence length; check the input format and --text-field, or raise --max-sentence-length"
        case .trainingFailed(let message):
            return "SentencePiece training failed: \(message)" + Self.hint(for: message)
        case .cannotLoad(let path, let reason):
            return "cannot load tokenizer model \(path): \(reason) (is it a SentencePiece .model file?)"
        case .cannotWrite(let path, let reason):
            return "cannot write \(path): \(reason)"
        case .codingFailed(let message):
            return "SentencePiece failed: \(message)"
        case .idOutOfRange(let id, let vocabSize):
            return "token id \(id) is outside the vocabulary 0..<\(vocabSize); were these ids made with another tokenizer?"
        }
    }

    /// Advice for SentencePiece's common refusals, which name its own flags.
    private static func hint(for message: String) -> String {
        if message.contains("Vocabulary size too high") || message.contains("Vocabulary size is too high") {
            return " (hint: the sample has too few distinct pieces for this vocabulary: lower --vocab-size, "
                + "or give more text / a larger --input-sentence-size)"
        }
        if message.contains("smaller than required_chars") {
            return " (hint: raise --vocab-size, or lower --character-coverage so rare characters are left to <unk> or bytes)"
        }
        return ""
    }
}
