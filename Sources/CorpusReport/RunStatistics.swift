/// Everything a pipeline run measured, stage by stage: written as the run's `stats.json` and
/// rendered into `report.html`. Stages fill only the parts that apply to them.
public struct RunStatistics: Codable, Sendable, Equatable {
    /// Schema version of this file.
    public var version = 1
    /// The pipeline's name (from its config).
    public var pipeline: String
    /// The config file the run was started from.
    public var configPath: String
    /// The pipeline's seed.
    public var seed: UInt64
    /// Every stage that has finished, in pipeline order.
    public var stages: [StageStatistics]

    /// Statistics of a run of `pipeline` (config at `configPath`) with `seed`.
    public init(pipeline: String, configPath: String, seed: UInt64, stages: [StageStatistics] = []) {
        self.pipeline = pipeline
        self.configPath = configPath
        self.seed = seed
        self.stages = stages
    }
}

/// One stage's figures: flow through the stage plus whichever detail sections it produces.
public struct StageStatistics: Codable, Sendable, Equatable {
    /// The stage's name in the config (unique within the pipeline).
    public var name: String
    /// The stage's type (`read`, `clean`, `dedup`, `tokenizer`, `shard`, `pretrain`, ...).
    public var type: String
    /// Wall-clock seconds the stage took (summed over its tasks when resumed).
    public var seconds: Double
    /// Documents and UTF-8 bytes of text that came in and went out.
    public var flow: Flow
    /// Documents dropped, per rule, with a few samples each (filters, dedup).
    public var drops: [RuleDrops]
    /// Input records that were never documents, by kind (`read`: WARC warcinfo, request,
    /// metadata and revisit records); neither in the flow nor among the drops.
    public var recordsSkipped: [String: Int]?
    /// Documents per language code of the stage's output (language ID).
    public var languages: [String: Int]?
    /// Document lengths (characters) of the stage's input and output.
    public var lengthsIn: Histogram?, lengthsOut: Histogram?
    /// Duplicate cluster sizes: size → number of clusters (dedup).
    public var clusterSizes: [Int: Int]?
    /// Tokenizer training figures (tokenizer stage).
    public var tokenizer: TokenizerFigures?
    /// Dataset totals (shard stage).
    public var shards: ShardFigures?
    /// Training curves (pretraining and fine-tuning stages).
    public var training: TrainingCurves?
    /// Pretraining compute: FLOPs per step and in all, and the stage whose compute was matched.
    public var compute: ComputeFigures?
    /// Fine-tuning results per task and seed (finetune stages).
    public var finetuning: FinetuningFigures?
    /// Instruction tuning's held-out figures before and after (instruct stages).
    public var instruction: InstructionFigures?

    /// A stage's statistics with only the flow filled in.
    public init(name: String, type: String, seconds: Double, flow: Flow) {
        self.name = name
        self.type = type
        self.seconds = seconds
        self.flow = flow
        drops = []
    }
}

extension StageStatistics {
    /// Whether documents pass through the stage (all but training stages, which read shards).
    public var hasDocumentFlow: Bool {
        (training == nil && finetuning == nil && instruction == nil && compute == nil) || flow.documentsIn > 0 || flow.documentsOut > 0
    }
}

/// Documents and bytes into and out of a stage.
public struct Flow: Codable, Sendable, Equatable {
    /// Documents in and out.
    public var documentsIn: Int, documentsOut: Int
    /// UTF-8 bytes of document text in and out (for `read`: input file bytes in).
    public var bytesIn: Int64, bytesOut: Int64

    /// A flow from its four counts.
    public init(documentsIn: Int, documentsOut: Int, bytesIn: Int64, bytesOut: Int64) {
        self.documentsIn = documentsIn
        self.documentsOut = documentsOut
        self.bytesIn = bytesIn
        self.bytesOut = bytesOut
    }
}

/// The documents one rule removed, and up to three of them to look at.
public struct RuleDrops: Codable, Sendable, Equatable {
    /// The filter or dedup method (`c4`, `gopher_quality`, `minhash`, ...).
    public var rule: String
    /// The reason it gave (`too_few_sentences`, `duplicate`, ...).
    public var reason: String
    /// How many documents it dropped.
    public var count: Int
    /// Up to three dropped documents, chosen deterministically.
    public var samples: [DroppedSample]

    /// Drops of `rule` for `reason`.
    public init(rule: String, reason: String, count: Int, samples: [DroppedSample]) {
        self.rule = rule
        self.reason = reason
        self.count = count
        self.samples = samples
    }
}

/// A dropped document, shortened for the report.
public struct DroppedSample: Codable, Sendable, Equatable {
    /// The document's id and URL (when it has one).
    public var id: String, url: String?
    /// The first few hundred characters of its text.
    public var text: String

    /// A sample of document `id`.
    public init(id: String, url: String?, text: String) {
        self.id = id
        self.url = url
        self.text = text
    }
}

/// Counts in bins: `counts[i]` values fell in `edges[i] ..< edges[i + 1]` (the last bin is open).
public struct Histogram: Codable, Sendable, Equatable {
    /// Lower bin edges, ascending.
    public var edges: [Double]
    /// Values per bin (same count as `edges`).
    public var counts: [Int]

    /// Empty bins starting at `edges`.
    public init(edges: [Double]) {
        self.edges = edges
        counts = Array(repeating: 0, count: edges.count)
    }

    /// Document-length bins: 0, then powers of two from 16 characters to 1 MiB.
    public static func documentLengths() -> Histogram {
        Histogram(edges: [0] + (4...20).map { Double(1 << $0) })
    }

    /// Counts `value` in its bin (values below the first edge go to the first bin).
    public mutating func add(_ value: Double) {
        var low = 0, high = edges.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if edges[middle] <= value { low = middle } else { high = middle - 1 }
        }
        counts[low] += 1
    }

    /// Adds another histogram's counts (same edges).
    public mutating func merge(_ other: Histogram) {
        for index in counts.indices where index < other.counts.count { counts[index] += other.counts[index] }
    }
}

/// What tokenizer training produced and how the vocabulary fits the corpus.
public struct TokenizerFigures: Codable, Sendable, Equatable {
    /// Model type, vocabulary size and the model's SHA-256.
    public var modelType: String, vocabSize: Int, sha256: String
    /// Lines sampled for training, and seconds training took.
    public var sampledLines: Int, trainingSeconds: Double
    /// Tokens per whitespace-separated word, measured on a sample of documents.
    public var tokensPerWord: Double
    /// Fraction of the vocabulary's ids that occur in that sample.
    public var vocabularyUsed: Double
    /// Special pieces and their ids.
    public var specialTokens: [String: Int]

    /// Figures of a trained tokenizer.
    public init(modelType: String, vocabSize: Int, sha256: String, sampledLines: Int, trainingSeconds: Double,
                tokensPerWord: Double, vocabularyUsed: Double, specialTokens: [String: Int]) {
        self.modelType = modelType
        self.vocabSize = vocabSize
        self.sha256 = sha256
        self.sampledLines = sampledLines
        self.trainingSeconds = trainingSeconds
        self.tokensPerWord = tokensPerWord
        self.vocabularyUsed = vocabularyUsed
        self.specialTokens = specialTokens
    }
}

/// Totals of a written token dataset, per split.
public struct ShardFigures: Codable, Sendable, Equatable {
    /// Shard files, documents, tokens and bytes on disk per split (`train`, `validation`).
    public var splits: [String: SplitFigures]
    /// Bytes of token ids before compression / bytes on disk.
    public var compressionRatio: Double

    /// Dataset totals.
    public init(splits: [String: SplitFigures], compressionRatio: Double) {
        self.splits = splits
        self.compressionRatio = compressionRatio
    }
}

/// One split of a token dataset.
public struct SplitFigures: Codable, Sendable, Equatable {
    /// Counts of the split.
    public var shards: Int, documents: Int, tokens: Int, bytes: Int

    /// A split's counts.
    public init(shards: Int, documents: Int, tokens: Int, bytes: Int) {
        self.shards = shards
        self.documents = documents
        self.tokens = tokens
        self.bytes = bytes
    }
}

/// Curves logged while training: one entry per logged step.
public struct TrainingCurves: Codable, Sendable, Equatable {
    /// The steps the values below belong to.
    public var steps: [Int]
    /// Named series (`loss`, `generator_accuracy`, `discriminator_auc`, `tokens_per_second`, ...),
    /// each as long as `steps`; NaN-free (a missing value is left out of the step list instead).
    public var series: [String: [Double]]

    /// Curves over `steps`.
    public init(steps: [Int], series: [String: [Double]]) {
        self.steps = steps
        self.series = series
    }
}
