import CorpusTokenizer

/// How texts become a model's input ids.
public enum InputFormat: Sendable, Equatable {
    /// BERT/ELECTRA: `[CLS] a [SEP]`, or `[CLS] a [SEP] b [SEP]` with token type 1 on `b [SEP]`.
    case electra(cls: Int32, sep: Int32)
    /// T5's encoder: `a </s>`, or `a </s> b </s>`.
    case t5(eos: Int32)

    /// The ids of `first` (and `second`) cut to `maximumLength` in all (BERT's rule for a pair:
    /// drop the last token of the longer text until they fit), with each id's token type.
    public func sequence(_ first: [Int32], _ second: [Int32]?, maximumLength: Int) -> (ids: [Int32], types: [Int32]) {
        let specials: Int
        switch self {
        case .electra: specials = second == nil ? 2 : 3
        case .t5: specials = second == nil ? 1 : 2
        }
        var a = first, b = second ?? []
        let budget = max(0, maximumLength - specials)
        while a.count + b.count > budget {
            if a.count >= b.count { a.removeLast() } else { b.removeLast() }
        }
        switch self {
        case .electra(let cls, let sep):
            let ids = [cls] + a + [sep] + (second == nil ? [] : b + [sep])
            return (ids, [Int32](repeating: 0, count: a.count + 2) + [Int32](repeating: 1, count: ids.count - a.count - 2))
        case .t5(let eos):
            let ids = a + [eos] + (second == nil ? [] : b + [eos])
            return (ids, [Int32](repeating: 0, count: ids.count))
        }
    }
}

/// Labeled examples as token ids and class ids, ready to batch.
public struct EncodedExamples: Sendable, Equatable {
    /// Each example's ids and token types (the same length), and its class id.
    public var ids: [[Int32]], types: [[Int32]], labels: [Int32]

    /// Encodes `examples` with `tokenizer` into `format`; `labels` are the class names in id order.
    public init(_ examples: [LabeledExample], tokenizer: SentencePieceTokenizer, format: InputFormat, maximumLength: Int,
                labels: [String]) throws {
        let classOf = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($0.element, Int32($0.offset)) })
        ids = []
        types = []
        self.labels = []
        for example in examples {
            guard let label = classOf[example.label] else { preconditionFailure("EncodedExamples: label \(example.label) has no class") }
            let first = try tokenizer.encode(example.text).map { Int32($0) }
            let second = try example.second.map { try tokenizer.encode($0).map { Int32($0) } }
            let (sequence, segment) = format.sequence(first, second, maximumLength: maximumLength)
            ids.append(sequence)
            types.append(segment)
            self.labels.append(label)
        }
    }

    /// Examples already as ids (for tests and callers with their own tokenization).
    public init(ids: [[Int32]], types: [[Int32]], labels: [Int32]) {
        precondition(ids.count == types.count && ids.count == labels.count, "EncodedExamples: counts differ")
        self.ids = ids
        self.types = types
        self.labels = labels
    }

    /// How many examples.
    public var count: Int { labels.count }

    /// The examples at `indices`, padded with id 0 to the longest of them.
    public func batch(_ indices: some Collection<Int>) -> ClassificationBatch {
        let length = indices.map { ids[$0].count }.max() ?? 1
        var batch = ClassificationBatch(batch: indices.count, length: length)
        for (row, index) in indices.enumerated() {
            for (t, id) in ids[index].enumerated() {
                batch.ids[row * length + t] = id
                batch.types[row * length + t] = types[index][t]
                batch.keep[row * length + t] = true
            }
            batch.labels[row] = labels[index]
        }
        return batch
    }
}

/// One padded batch of classification examples.
public struct ClassificationBatch: Sendable, Equatable {
    /// Sequences and positions per sequence.
    public var batch: Int, length: Int
    /// `batch × length` ids (0 at padding), token types, and whether each position is real.
    public var ids: [Int32], types: [Int32], keep: [Bool]
    /// One class id per sequence.
    public var labels: [Int32]

    /// An all-padding batch of these sizes.
    public init(batch: Int, length: Int) {
        self.batch = batch
        self.length = length
        ids = [Int32](repeating: 0, count: batch * length)
        types = ids
        keep = [Bool](repeating: false, count: batch * length)
        labels = [Int32](repeating: 0, count: batch)
    }
}
