/// The ids of a model's special pieces, found from the model itself, so any model trained by
/// `TokenizerTrainer` (or by SentencePiece with the same piece names) exposes them.
///
/// Presets' symbols and sentinels are looked up among control pieces only: a learned piece
/// that happens to read `[MASK]` is not mistaken for one.
public struct SpecialTokens: Sendable, Equatable {
    /// `<pad>`: fills sequences to a common length (0 in our layout).
    public var pad: UInt32?
    /// `</s>`: ends a document (1 in our layout).
    public var eos: UInt32?
    /// `<unk>`: text the vocabulary cannot spell (2 in our layout).
    public var unk: UInt32
    /// `<s>`: begins a document (3 when trained with `bos`).
    public var bos: UInt32?
    /// ELECTRA's `[CLS]`, `[SEP]` and `[MASK]`.
    public var cls: UInt32?, sep: UInt32?, mask: UInt32?
    /// UL2's mode tokens `[NLU]`, `[NLG]`, `[S2S]`.
    public var nlu: UInt32?, nlg: UInt32?, s2s: UInt32?
    /// Sentinel ids: `sentinels[i]` is `<extra_id_i>` (T5: `vocabSize - 1 - i`). Only the
    /// unbroken run from `<extra_id_0>` is listed.
    public var sentinels: [UInt32]

    /// The id of `<extra_id_index>`, or nil when the model has fewer sentinels.
    public func sentinel(_ index: Int) -> UInt32? {
        sentinels.indices.contains(index) ? sentinels[index] : nil
    }

    /// Every special piece with its id, in id order (for reports).
    public var all: [(name: String, id: UInt32)] {
        var named: [(String, UInt32?)] = [
            (SpecialTokenLayout.padPiece, pad), (SpecialTokenLayout.eosPiece, eos), (SpecialTokenLayout.unkPiece, unk),
            (SpecialTokenLayout.bosPiece, bos), ("[CLS]", cls), ("[SEP]", sep), ("[MASK]", mask),
            ("[NLU]", nlu), ("[NLG]", nlg), ("[S2S]", s2s),
        ]
        named += sentinels.enumerated().map { (SpecialTokenLayout.sentinelPiece($0.offset), $0.element) }
        return named.compactMap { name, id in id.map { (name, $0) } }.sorted { $0.1 < $1.1 }
    }

    /// Special ids from SentencePiece's meta ids (-1 when absent) and the model's control pieces.
    init(vocabSize: Int, meta: (pad: Int32, eos: Int32, unk: Int32, bos: Int32), controlPieces: [String: UInt32]) {
        func id(_ value: Int32) -> UInt32? { value >= 0 && Int(value) < vocabSize ? UInt32(value) : nil }
        pad = id(meta.pad)
        eos = id(meta.eos)
        unk = id(meta.unk) ?? 0
        bos = id(meta.bos)
        cls = controlPieces["[CLS]"]
        sep = controlPieces["[SEP]"]
        mask = controlPieces["[MASK]"]
        nlu = controlPieces["[NLU]"]
        nlg = controlPieces["[NLG]"]
        s2s = controlPieces["[S2S]"]
        sentinels = []
        while let next = controlPieces[SpecialTokenLayout.sentinelPiece(sentinels.count)] { sentinels.append(next) }
    }
}
