import CorpusCore
import CorpusReport

extension StageStatistics {
    /// These figures followed by `next`'s (a later task of the same stage): counts add up,
    /// samples keep the first three in task order, drops are sorted by rule and reason.
    func merged(with next: StageStatistics) -> StageStatistics {
        var result = self
        result.seconds += next.seconds
        result.flow.documentsIn += next.flow.documentsIn
        result.flow.documentsOut += next.flow.documentsOut
        result.flow.bytesIn += next.flow.bytesIn
        result.flow.bytesOut += next.flow.bytesOut
        var collector = DropCollector()
        for drop in drops + next.drops { collector.add(drop) }
        result.drops = collector.rules
        result.languages = Self.sum(languages, next.languages)
        result.recordsSkipped = Self.sum(recordsSkipped, next.recordsSkipped)
        result.lengthsIn = Self.merge(lengthsIn, next.lengthsIn)
        result.lengthsOut = Self.merge(lengthsOut, next.lengthsOut)
        result.clusterSizes = Self.sum(clusterSizes, next.clusterSizes)
        result.tokenizer = next.tokenizer ?? tokenizer
        result.shards = next.shards ?? shards
        result.training = next.training ?? training
        result.compute = next.compute ?? compute
        result.finetuning = next.finetuning ?? finetuning
        result.instruction = next.instruction ?? instruction
        return result
    }

    private static func sum<K: Hashable>(_ a: [K: Int]?, _ b: [K: Int]?) -> [K: Int]? {
        guard let a else { return b }
        guard let b else { return a }
        return a.merging(b, uniquingKeysWith: +)
    }

    private static func merge(_ a: Histogram?, _ b: Histogram?) -> Histogram? {
        guard var a else { return b }
        if let b { a.merge(b) }
        return a
    }
}

/// Counts drops per rule and reason and keeps the first three dropped documents of each.
struct DropCollector {
    private var byKey: [String: RuleDrops] = [:]

    /// Samples keep this many characters of a document's text.
    static let sampleCharacters = 300

    /// Counts one dropped document.
    mutating func add(rule: String, reason: String, document: Document) {
        let key = rule + "/" + reason
        var entry = byKey[key] ?? RuleDrops(rule: rule, reason: reason, count: 0, samples: [])
        entry.count += 1
        if entry.samples.count < 3 {
            entry.samples.append(DroppedSample(id: document.id, url: document.url, text: String(document.text.prefix(Self.sampleCharacters))))
        }
        byKey[key] = entry
    }

    /// Counts `count` drops without samples (skipped records, which have no document).
    mutating func add(rule: String, reason: String, count: Int) {
        add(RuleDrops(rule: rule, reason: reason, count: count, samples: []))
    }

    /// Adds another collector's entry (a later task's).
    mutating func add(_ drops: RuleDrops) {
        let key = drops.rule + "/" + drops.reason
        var entry = byKey[key] ?? RuleDrops(rule: drops.rule, reason: drops.reason, count: 0, samples: [])
        entry.count += drops.count
        entry.samples += drops.samples.prefix(3 - entry.samples.count)
        byKey[key] = entry
    }

    /// Every rule's drops, sorted by rule then reason.
    var rules: [RuleDrops] { byKey.keys.sorted().compactMap { byKey[$0] } }
}

/// Figures of the documents a stage writes: lengths and languages.
struct OutputFigures {
    var lengths = Histogram.documentLengths()
    var languages: [String: Int] = [:]

    /// Counts one document (length in Unicode scalars, its `language` metadata when set).
    mutating func add(_ document: Document) {
        lengths.add(Double(document.text.unicodeScalars.count))
        if let language = document.metadata.language { languages[language, default: 0] += 1 }
    }
}

extension StageContext {
    /// The figures of a task that turned documents into documents.
    func documentStatistics(_ flow: Flow, drops: DropCollector, lengthsIn: Histogram?, output: OutputFigures) -> StageStatistics {
        var statistics = emptyStatistics()
        statistics.flow = flow
        statistics.drops = drops.rules
        statistics.lengthsIn = lengthsIn
        statistics.lengthsOut = output.lengths
        statistics.languages = output.languages.isEmpty ? nil : output.languages
        return statistics
    }
}
