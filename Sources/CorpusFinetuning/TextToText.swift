import CorpusModels
import CorpusTensors
import CorpusTokenizer
import CorpusTraining

/// Instruction examples as token ids: each input and target ends in eos (T5's convention, pad 0,
/// eos 1), cut to the settings' lengths; each option is tokenized as a target would be.
public struct EncodedInstructions: Sendable, Equatable {
    /// Encoder ids and decoder targets of each example.
    public var inputs: [[Int32]], targets: [[Int32]]
    /// Each option's target ids, for examples with options.
    public var options: [[[Int32]]?]
    /// The index of each example's target among its options.
    public var answers: [Int?]

    /// Encodes `examples` with `tokenizer`; `eos` ends every sequence.
    public init(_ examples: [InstructionExample], tokenizer: SentencePieceTokenizer, eos: Int32, maximumInputLength: Int,
                maximumTargetLength: Int) throws(TokenizerError) {
        func ids(_ text: String, _ limit: Int) throws(TokenizerError) -> [Int32] {
            Array(try tokenizer.encode(text).prefix(limit - 1)).map { Int32($0) } + [eos]
        }
        inputs = []
        targets = []
        options = []
        answers = []
        for example in examples {
            inputs.append(try ids(example.inputs, maximumInputLength))
            targets.append(try ids(example.targets, maximumTargetLength))
            options.append(try example.options.map { list throws(TokenizerError) in
                try list.map { option throws(TokenizerError) in try ids(option, maximumTargetLength) }
            })
            answers.append(example.answerIndex)
        }
    }

    /// Examples already as ids (tests, callers with their own tokenization).
    public init(inputs: [[Int32]], targets: [[Int32]], options: [[[Int32]]?]? = nil, answers: [Int?]? = nil) {
        precondition(inputs.count == targets.count, "EncodedInstructions: \(inputs.count) inputs, \(targets.count) targets")
        self.inputs = inputs
        self.targets = targets
        self.options = options ?? Array(repeating: nil, count: inputs.count)
        self.answers = answers ?? Array(repeating: nil, count: inputs.count)
        precondition(self.options.count == inputs.count && self.answers.count == inputs.count, "EncodedInstructions: counts differ")
    }

    /// How many examples.
    public var count: Int { inputs.count }

    /// The examples at `indices` as one padded batch.
    public func batch(_ indices: some Collection<Int>) -> TextToTextBatch {
        TextToTextBatch(inputs: indices.map { inputs[$0] }, targets: indices.map { targets[$0] })
    }
}

/// A padded teacher-forcing batch: the encoder reads the inputs, the decoder reads the targets
/// shifted right behind T5's start id (pad, 0) and is scored on the targets alone.
public struct TextToTextBatch: Sendable, Equatable {
    /// What the model reads.
    public var model: T5Model<Float>.Batch
    /// `batch × targetLength` ids the decoder must write, -1 at padding (ignored by the loss).
    public var labels: [Int32]

    /// `inputs[i]` and `targets[i]` (each non-empty) padded to the longest of each.
    public init(inputs: [[Int32]], targets: [[Int32]]) {
        precondition(inputs.count == targets.count && !inputs.isEmpty, "TextToTextBatch: counts")
        precondition(inputs.allSatisfy { !$0.isEmpty } && targets.allSatisfy { !$0.isEmpty }, "TextToTextBatch: an empty sequence")
        let rows = inputs.count, inputLength = inputs.map(\.count).max()!, targetLength = targets.map(\.count).max()!
        var ids = [Int32](repeating: 0, count: rows * inputLength), keep = [Bool](repeating: false, count: rows * inputLength)
        var decoderIDs = [Int32](repeating: 0, count: rows * targetLength), decoderKeep = [Bool](repeating: false, count: rows * targetLength)
        labels = [Int32](repeating: -1, count: rows * targetLength)
        for row in 0..<rows {
            for (t, id) in inputs[row].enumerated() {
                ids[row * inputLength + t] = id
                keep[row * inputLength + t] = true
            }
            for (t, id) in targets[row].enumerated() {
                labels[row * targetLength + t] = id
                decoderKeep[row * targetLength + t] = true
                if t + 1 < targetLength { decoderIDs[row * targetLength + t + 1] = id }
            }
        }
        model = T5Model<Float>.Batch(batch: rows, inputLength: inputLength, targetLength: targetLength, inputs: ids, inputKeep: keep,
                                     decoderInputs: decoderIDs, decoderKeep: decoderKeep)
    }
}

/// Text-to-text training and scoring of a T5 encoder-decoder.
public enum TextToText {
    /// The mean cross-entropy per target token of `batch` (input positions and padding never
    /// count), and when `gradients` is given its gradients (plus the Switch routers' auxiliary
    /// losses') added to them.
    public static func loss<G: RandomNumberGenerator>(_ model: T5Model<Float>, batch: TextToTextBatch, dropout: Double, training: Bool,
                                                      generator: inout G, gradients: inout T5Model<Float>?) -> Double {
        let (logits, activations) = model.forward(batch.model, dropout: dropout, training: training, generator: &generator)
        let (loss, dLogits) = targetLoss(logits: logits, labels: batch.labels, vocabulary: model.shape.vocabulary)
        if var g = gradients {
            gradients = nil  // keep `g` uniquely referenced while it is written
            model.backward(dLogits, batch: batch.model, activations: activations, gradients: &g)
            gradients = g
        }
        return loss
    }

    /// The mean cross-entropy of `logits` (`labels.count × vocabulary`) over the rows whose label
    /// is a token (≥ 0), and ∂loss/∂logits: `(softmax − onehot) / count` on those rows, exactly
    /// 0 on the others (padding; input tokens are never rows here).
    public static func targetLoss(logits: [Float], labels: [Int32], vocabulary: Int) -> (loss: Double, dLogits: [Float]) {
        let (loss, probabilities, counted) = CrossEntropy.forward(logits: logits, targets: labels, classes: vocabulary)
        var dLogits = [Float](repeating: 0, count: logits.count)
        CrossEntropy.backward(probabilities: probabilities, targets: labels, classes: vocabulary, counted: counted, dLogits: &dLogits)
        return (Double(loss), dLogits)
    }

    /// Each row's log-likelihood of its targets given its inputs, dropout off: the sum over its
    /// target tokens (eos included) of `log p(token | inputs, earlier tokens)`, with the token count.
    public static func logLikelihoods(_ model: T5Model<Float>, batch: TextToTextBatch) -> [(sum: Double, tokens: Int)] {
        var none = SeededGenerator(seed: 0, stream: 3)
        let logits = model.forward(batch.model, dropout: 0, generator: &none).logits
        let vocabulary = model.shape.vocabulary, length = batch.model.targetLength
        return (0..<batch.model.batch).map { row in
            var sum = 0.0, tokens = 0
            for t in 0..<length {
                let position = row * length + t, target = batch.labels[position]
                guard target >= 0 else { continue }
                let base = position * vocabulary
                var maximum = -Double.greatestFiniteMagnitude
                for c in 0..<vocabulary { maximum = max(maximum, Double(logits[base + c])) }
                var total = 0.0
                for c in 0..<vocabulary { total += Double.exp(Double(logits[base + c]) - maximum) }
                sum += Double(logits[base + Int(target)]) - maximum - Double.log(total)
                tokens += 1
            }
            return (sum, tokens)
        }
    }
}
