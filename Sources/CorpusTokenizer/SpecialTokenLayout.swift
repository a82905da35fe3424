/// Sets of special tokens a model is trained with, named after the models that use them.
///
/// Every preset starts with T5's layout, pad 0, eos 1, unk 2 (and bos 3 when asked for); the
/// preset then adds its own control symbols. See docs/tokenizer.md for the id table.
public enum SpecialTokenPreset: String, Sendable, Codable, CaseIterable {
    /// Only pad, eos, unk (and bos).
    case none
    /// ELECTRA/BERT-style `[CLS]`, `[SEP]`, `[MASK]` right after the meta pieces.
    case electra
    /// T5's 100 sentinels `<extra_id_0>`...`<extra_id_99>`, counting down from the last id.
    case t5
    /// T5's sentinels plus UL2's mode tokens `[NLU]`, `[NLG]`, `[S2S]` after the meta pieces.
    case ul2
}

/// Where each special piece goes, for one preset: what SentencePiece is told at training
/// and what is appended to the trained model.
public struct SpecialTokenLayout: Sendable, Equatable {
    /// Piece names of the fixed meta pieces.
    public static let padPiece = "<pad>", eosPiece = "</s>", unkPiece = "<unk>", bosPiece = "<s>"
    /// ELECTRA's control symbols, in id order.
    public static let electraPieces = ["[CLS]", "[SEP]", "[MASK]"]
    /// UL2's mode tokens, in id order.
    public static let ul2ModePieces = ["[NLU]", "[NLG]", "[S2S]"]
    /// How many sentinels T5 and UL2 use.
    public static let sentinelCount = 100

    /// The piece of sentinel `index` (`<extra_id_0>` is the one T5 uses first).
    public static func sentinelPiece(_ index: Int) -> String { "<extra_id_\(index)>" }

    /// The preset laid out.
    public let preset: SpecialTokenPreset
    /// Whether `<s>` has an id (3).
    public let bos: Bool

    /// The layout of `preset`, with or without `<s>`.
    public init(preset: SpecialTokenPreset, bos: Bool) {
        self.preset = preset
        self.bos = bos
    }

    /// Id of `<s>`, or -1 (SentencePiece's "disabled") without bos.
    public var bosID: Int { bos ? 3 : -1 }

    /// Control symbols placed right after the meta pieces, at ids 3... (4... with bos).
    public var frontControlPieces: [String] {
        switch preset {
        case .none, .t5: return []
        case .electra: return Self.electraPieces
        case .ul2: return Self.ul2ModePieces
        }
    }

    /// Number of ids before the learned (or byte) pieces: pad, eos, unk, bos and front symbols.
    public var frontCount: Int { 3 + (bos ? 1 : 0) + frontControlPieces.count }

    /// Number of sentinels appended at the end of the vocabulary.
    public var sentinels: Int {
        switch preset {
        case .none, .electra: return 0
        case .t5, .ul2: return Self.sentinelCount
        }
    }

    /// The pieces appended after training, in id order: `<extra_id_99>` first, `<extra_id_0>`
    /// last, so that `<extra_id_i>` has id `vocabSize - 1 - i` as in T5.
    public var appendedPieces: [String] {
        (0..<sentinels).reversed().map(Self.sentinelPiece)
    }

    /// SentencePiece flags that put the meta pieces and front symbols at their ids.
    var trainerFlags: [String] {
        var flags = ["--pad_id=0", "--eos_id=1", "--unk_id=2", "--bos_id=\(bosID)"]
        if !frontControlPieces.isEmpty { flags.append("--control_symbols=" + frontControlPieces.joined(separator: ",")) }
        return flags
    }
}
