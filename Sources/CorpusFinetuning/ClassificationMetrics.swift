/// A confusion matrix over `classes` classes and the figures GLUE reports from it.
public struct ConfusionMatrix: Codable, Sendable, Equatable {
    /// The number of classes.
    public let classes: Int
    /// `counts[truth * classes + predicted]`: examples of class `truth` predicted as `predicted`.
    public private(set) var counts: [Int]

    /// An empty matrix.
    public init(classes: Int) {
        precondition(classes >= 1, "ConfusionMatrix: at least one class")
        self.classes = classes
        counts = [Int](repeating: 0, count: classes * classes)
    }

    /// The matrix of `predicted` against `truth` (same length, ids in `0..<classes`).
    public init(truth: [Int32], predicted: [Int32], classes: Int) {
        precondition(truth.count == predicted.count, "ConfusionMatrix: \(truth.count) labels, \(predicted.count) predictions")
        self.init(classes: classes)
        for (t, p) in zip(truth, predicted) { add(truth: Int(t), predicted: Int(p)) }
    }

    /// Counts one example.
    public mutating func add(truth: Int, predicted: Int) {
        precondition((0..<classes).contains(truth) && (0..<classes).contains(predicted), "ConfusionMatrix: class outside 0..<\(classes)")
        counts[truth * classes + predicted] += 1
    }

    /// Examples counted.
    public var total: Int { counts.reduce(0, +) }

    /// Examples predicted right.
    public var correct: Int { (0..<classes).reduce(0) { $0 + counts[$1 * classes + $1] } }

    /// Share predicted right (0 when empty).
    public var accuracy: Double { total > 0 ? Double(correct) / Double(total) : 0 }

    /// Matthews correlation coefficient in its multi-class form (Gorodkin 2004, as scikit-learn's
    /// `matthews_corrcoef`): with s examples, c correct, tₖ examples of class k and pₖ predicted
    /// as k, `MCC = (c·s − Σₖ pₖtₖ) / √((s² − Σₖ pₖ²)(s² − Σₖ tₖ²))`. For two classes this is
    /// `(TP·TN − FP·FN) / √((TP+FP)(TP+FN)(TN+FP)(TN+FN))`. 0 when a factor of the denominator
    /// is 0 (one class predicted, or one class present), as scikit-learn returns.
    public var matthewsCorrelation: Double {
        let s = Double(total), c = Double(correct)
        var truthCounts = [Double](repeating: 0, count: classes), predictedCounts = [Double](repeating: 0, count: classes)
        for t in 0..<classes {
            for p in 0..<classes {
                truthCounts[t] += Double(counts[t * classes + p])
                predictedCounts[p] += Double(counts[t * classes + p])
            }
        }
        let agreement = zip(truthCounts, predictedCounts).reduce(0) { $0 + $1.0 * $1.1 }
        let predictedSpread = s * s - predictedCounts.reduce(0) { $0 + $1 * $1 }
        let truthSpread = s * s - truthCounts.reduce(0) { $0 + $1 * $1 }
        guard predictedSpread > 0, truthSpread > 0 else { return 0 }
        return (c * s - agreement) / (predictedSpread * truthSpread).squareRoot()
    }
}

/// The spread of one figure over several seeds.
public struct SeedSpread: Codable, Sendable, Equatable {
    /// How many values.
    public var count: Int
    /// Median (the mean of the middle two for an even count), smallest, largest and mean.
    public var median: Double, minimum: Double, maximum: Double, mean: Double
    /// Sample standard deviation (n − 1 in the denominator); nil for a single value.
    public var standardDeviation: Double?

    /// The spread of `values`, which must not be empty.
    public init(_ values: [Double]) {
        precondition(!values.isEmpty, "SeedSpread: no values")
        let sorted = values.sorted(), n = sorted.count
        count = n
        median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
        minimum = sorted[0]
        maximum = sorted[n - 1]
        mean = values.reduce(0, +) / Double(n)
        let mean = mean
        standardDeviation = n > 1 ? (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)).squareRoot() : nil
    }

    enum CodingKeys: String, CodingKey {
        case count, median, minimum = "min", maximum = "max", mean
        case standardDeviation = "standard_deviation"
    }
}
