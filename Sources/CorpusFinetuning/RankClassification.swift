import CorpusModels
import CorpusTensors

/// Rank classification (T5's and Flan's evaluation of classification tasks): each option is
/// scored by the model's log-likelihood of writing it given the input, and the best-scored
/// option is the prediction; nothing is generated, so an answer is always one of the options.
public struct RankClassification: Codable, Sendable, Equatable {
    /// Examples scored.
    public var examples: Int
    /// Share whose best option is the target.
    public var accuracy: Double
    /// Matthews correlation over the option texts as classes.
    public var matthewsCorrelation: Double
    /// The option texts in class order (first appearance), and truth × prediction counts.
    public var classes: [String], confusion: ConfusionMatrix
    /// The share an always-the-same-answer baseline gets: the largest class's share.
    public var majority: Double
    /// The mean over examples of the right option's score (its summed or mean log-likelihood, as scored).
    public var meanTargetLogLikelihood: Double

    enum CodingKeys: String, CodingKey {
        case examples, accuracy, matthewsCorrelation = "mcc", classes, confusion, majority
        case meanTargetLogLikelihood = "mean_target_log_likelihood"
    }

    /// Each option's score for each example of `encoded` (nil for examples without options):
    /// the sum of its tokens' log-probabilities (eos included), divided by their count with
    /// `.mean`. Options are scored `rowsPerBatch` at a time.
    public static func scores(_ model: T5Model<Float>, _ encoded: EncodedInstructions, scoring: InstructionSettings.Scoring,
                              rowsPerBatch: Int = 32) -> [[Double]?] {
        var pairs: [(example: Int, option: Int)] = []
        for (example, options) in encoded.options.enumerated() {
            for option in options?.indices ?? 0..<0 { pairs.append((example, option)) }
        }
        var scores: [[Double]?] = encoded.options.map { $0.map { [Double](repeating: 0, count: $0.count) } }
        for start in stride(from: 0, to: pairs.count, by: max(1, rowsPerBatch)) {
            let chunk = pairs[start..<min(pairs.count, start + max(1, rowsPerBatch))]
            let batch = TextToTextBatch(inputs: chunk.map { encoded.inputs[$0.example] },
                                        targets: chunk.map { encoded.options[$0.example]![$0.option] })
            for (pair, likelihood) in zip(chunk, TextToText.logLikelihoods(model, batch: batch)) {
                scores[pair.example]![pair.option] = scoring == .sum ? likelihood.sum : likelihood.sum / Double(likelihood.tokens)
            }
        }
        return scores
    }

    /// The index of the best score; the first on a tie.
    public static func best(_ scores: [Double]) -> Int {
        var best = 0
        for index in scores.indices where scores[index] > scores[best] { best = index }
        return best
    }

    /// Scores `examples` (each with options and a target among them) with `model` and counts
    /// how often the best option is the target.
    public init(_ model: T5Model<Float>, examples: [InstructionExample], encoded: EncodedInstructions,
                scoring: InstructionSettings.Scoring, rowsPerBatch: Int = 32) {
        precondition(examples.count == encoded.count && !examples.isEmpty, "RankClassification: examples and encodings differ")
        var classes: [String] = [], classOf: [String: Int] = [:]
        for option in examples.flatMap({ $0.options ?? [] }) where classOf[option] == nil {
            classOf[option] = classes.count
            classes.append(option)
        }
        precondition(examples.allSatisfy { $0.answerIndex != nil }, "RankClassification: an example has no options or its target is not one")
        let all = Self.scores(model, encoded, scoring: scoring, rowsPerBatch: rowsPerBatch)
        var confusion = ConfusionMatrix(classes: max(1, classes.count)), target = 0.0
        for (example, scores) in zip(examples, all) {
            let options = example.options!, scores = scores!
            let predicted = options[Self.best(scores)]
            confusion.add(truth: classOf[example.targets]!, predicted: classOf[predicted]!)
            target += scores[example.answerIndex!]
        }
        var truthCounts = [Int](repeating: 0, count: classes.count)
        for example in examples { truthCounts[classOf[example.targets]!] += 1 }
        self.examples = examples.count
        accuracy = confusion.accuracy
        matthewsCorrelation = confusion.matthewsCorrelation
        self.classes = classes
        self.confusion = confusion
        majority = Double(truthCounts.max() ?? 0) / Double(examples.count)
        meanTargetLogLikelihood = target / Double(examples.count)
    }
}
