import CorpusTokenizer
import Foundation

/// A classification task read from a train and a dev TSV file: the examples and the label set.
public struct ClassificationTask: Sendable {
    /// The two files as read.
    public var train: LabeledFile, dev: LabeledFile
    /// The class names in id order (`LabeledFile.labelOrder` of the train labels).
    public var labels: [String]
    /// How the files were read.
    public var layout: TSVLayout

    /// Reads both files; dev rows whose label the train file lacks are skipped and counted.
    public init(train trainPath: String, dev devPath: String, layout: TSVLayout) throws(FinetuneError) {
        let problems = layout.problems()
        guard problems.isEmpty else { throw .invalidSettings(problems) }
        train = try LabeledFile(path: trainPath, layout: layout)
        guard !train.examples.isEmpty else {
            throw .data(path: trainPath, reason: "no usable rows (\(train.skipped) skipped"
                + (train.problems.first.map { "; first: line \($0.line): \($0.reason)" } ?? "") + ")")
        }
        labels = LabeledFile.labelOrder(train.examples.map(\.label))
        guard labels.count >= 2 else {
            throw .data(path: trainPath, reason: "every row has the label \(labels[0]); classification needs at least two (is the label column \(layout.labelColumn) right?)")
        }
        let known = Set(labels)
        dev = try LabeledFile(path: devPath, layout: layout, knownLabels: known, labels: known)
        guard !dev.examples.isEmpty else {
            throw .data(path: devPath, reason: "no usable rows (\(dev.skipped) skipped"
                + (dev.problems.first.map { "; first: line \($0.line): \($0.reason)" } ?? "") + ")")
        }
        self.layout = layout
    }
}

/// A file's part in a results file.
public struct ExampleFileSummary: Codable, Sendable, Equatable {
    /// The path, whether it had a header, examples used and rows skipped.
    public var path: String, header: Bool, examples: Int, skipped: Int
}

/// What `corpus finetune` writes: the task, the model, the settings, each seed's result, and
/// the median and spread of accuracy and Matthews correlation over the seeds.
public struct FinetuneResults: Codable, Sendable, Equatable {
    /// The format version.
    public var version = 1
    /// "classification".
    public var task = "classification"
    /// The checkpoint read, its objective and step, and the encoder in words.
    public var checkpoint: String, objective: String, pretrainingStep: Int, model: String
    /// The two files.
    public var train: ExampleFileSummary, dev: ExampleFileSummary
    /// Class names in id order.
    public var labels: [String]
    /// The settings.
    public var settings: FinetuneSettings
    /// One result per seed, seed 1 first.
    public var seeds: [SeedResult]
    /// Spread over the seeds of the final dev accuracy and Matthews correlation.
    public var accuracy: SeedSpread, matthewsCorrelation: SeedSpread

    enum CodingKeys: String, CodingKey {
        case version, task, checkpoint, objective, pretrainingStep = "pretraining_step", model, train, dev, labels, settings, seeds
        case accuracy, matthewsCorrelation = "mcc"
    }

    /// Pretty-printed JSON with sorted keys.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// One JSON line per seed and epoch (`{"seed": 1, "epoch": 1, "step": …, "dev_loss": …}`),
    /// the curves a report draws.
    public func metricsLines() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var out = Data()
        for seed in seeds {
            for epoch in seed.epochs {
                var object = try JSONSerialization.jsonObject(with: encoder.encode(epoch)) as! [String: Any]
                object["seed"] = seed.seed
                out.append(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
                out.append(UInt8(ascii: "\n"))
            }
        }
        return out
    }

    /// A readable table: one row per seed, then median, min–max and standard deviation.
    public var table: String {
        func percent(_ value: Double) -> String { String(format: "%6.2f", value * 100) }
        var lines = ["seed   accuracy      MCC   dev loss   seconds"]
        for seed in seeds {
            let devLoss = seed.epochs.last?.devLoss ?? .nan
            lines.append(String(format: "%4llu     %@   %@   %8.4f   %7.1f", seed.seed, percent(seed.accuracy), percent(seed.matthewsCorrelation),
                                devLoss, seed.seconds))
        }
        func row(_ name: String, _ a: String, _ m: String) -> String { name.padding(toLength: 8, withPad: " ", startingAt: 0) + " " + a + "   " + m }
        lines.append(row("median", percent(accuracy.median), percent(matthewsCorrelation.median)))
        lines.append(row("min", percent(accuracy.minimum), percent(matthewsCorrelation.minimum)))
        lines.append(row("max", percent(accuracy.maximum), percent(matthewsCorrelation.maximum)))
        if let a = accuracy.standardDeviation, let m = matthewsCorrelation.standardDeviation {
            lines.append(row("std", percent(a), percent(m)))
        }
        return lines.joined(separator: "\n") + "\n(accuracy and MCC in percent, on the dev set after the last epoch)"
    }
}
