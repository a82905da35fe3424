/// The comparison an experiment's report states in words, computed from the fine-tuning
/// figures: per task, each model against the first (the pipeline's reference model: RTD in the
/// ELECTRA comparison, span corruption in T5's), with the gap in points and whether the seeds'
/// ranges overlap; and, when an `rtd` and an `mlm` model were fine-tuned on the same tasks,
/// whether the ELECTRA paper's claim holds.
public struct ExperimentVerdict: Sendable, Equatable {
    /// One fine-tuned model: the finetune stage, the pretrain stage, its objective, its
    /// pretraining FLOPs (nil when not counted) and its tasks.
    public struct Entry: Sendable, Equatable {
        /// Stage names and the objective.
        public var stage: String, model: String, objective: String
        /// Pretraining FLOPs in all.
        public var flops: Double?
        /// The tasks' results.
        public var tasks: [FinetunedTask]
    }

    /// The models, in pipeline order.
    public var entries: [Entry]

    /// The finetune stages of `stages`, with the FLOPs of the pretrain stages they name.
    public init(_ stages: [StageStatistics]) {
        entries = stages.compactMap { stage in
            guard let figures = stage.finetuning else { return nil }
            let compute = stages.first { $0.name == figures.model }?.compute
            return Entry(stage: stage.name, model: figures.model, objective: figures.objective, flops: compute?.totalFLOPs, tasks: figures.tasks)
        }
    }

    /// Task names in the order they first appear.
    public var taskNames: [String] {
        var names: [String] = []
        for entry in entries { for task in entry.tasks where !names.contains(task.name) { names.append(task.name) } }
        return names
    }

    /// How two models' medians on one task compare.
    public struct Gap: Sendable, Equatable {
        /// The task, its figure, and the two entries (`first` the reference).
        public var task: String, metric: String, first: Entry, second: Entry
        /// The first's median minus the second's, in points (figure × 100).
        public var points: Double
        /// Whether the seeds' ranges (min–max) are apart.
        public var outsideSpread: Bool
        /// Whether the pretraining FLOPs are known and within 1 % of each other.
        public var equalCompute: Bool?
    }

    /// Every model against the first, task by task.
    public var gaps: [Gap] {
        guard let first = entries.first else { return [] }
        var gaps: [Gap] = []
        for name in taskNames {
            guard let a = first.tasks.first(where: { $0.name == name })?.ranked else { continue }
            for second in entries.dropFirst() {
                guard let task = second.tasks.first(where: { $0.name == name }) else { continue }
                let b = task.ranked
                let apart = a.minimum > b.maximum || b.minimum > a.maximum
                let equal = first.flops.flatMap { x in second.flops.map { y in abs(x - y) <= 0.01 * max(x, y) } }
                gaps.append(Gap(task: name, metric: task.metric, first: first, second: second, points: 100 * (a.median - b.median),
                                outsideSpread: apart, equalCompute: equal))
            }
        }
        return gaps
    }

    /// The sentence for `gap`, e.g. "sst2: rtd's median accuracy 81.2 vs mlm's 79.0: rtd ahead by
    /// 2.2 points, outside the seeds' spread (80.1–82.0 vs 78.2–79.9), at equal pretraining compute."
    public static func sentence(_ gap: Gap) -> String {
        let a = gap.first.tasks.first { $0.name == gap.task }!.ranked, b = gap.second.tasks.first { $0.name == gap.task }!.ranked
        let label = gap.metric == "mcc" ? "MCC" : "accuracy"
        func name(_ entry: Entry) -> String { entry.objective + " (" + entry.model + ")" }
        func points(_ value: Double) -> String { NumberFormat.fixed(100 * value, 1) }
        var text = "\(gap.task): \(name(gap.first))'s median \(label) \(points(a.median)) vs \(name(gap.second))'s \(points(b.median)): "
        let magnitude = NumberFormat.fixed(abs(gap.points), 1)
        if magnitude == "0.0" {
            text += "level"
        } else {
            // Two models of one objective (a control, a rerun) are told apart by their pretrain stage.
            let leader = gap.points > 0 ? gap.first : gap.second
            text += (gap.first.objective == gap.second.objective ? name(leader) : leader.objective) + " ahead by \(magnitude) points"
        }
        text += gap.outsideSpread ? ", outside the seeds' spread" : ", inside the seeds' spread"
        text += " (\(points(a.minimum))–\(points(a.maximum)) vs \(points(b.minimum))–\(points(b.maximum)) over \(a.count) and \(b.count) seeds)"
        switch gap.equalCompute {
        case true?: text += ", at equal pretraining compute"
        case false?: text += ", at unequal pretraining compute (\(flops(gap.first.flops)) vs \(flops(gap.second.flops)))"
        case nil: text += ", pretraining compute not counted"
        }
        return text + "."
    }

    /// When the models include `rtd` and `mlm`: whether RTD's median beat MLM's on each task they
    /// share, as the ELECTRA paper claims at equal compute. Nil otherwise.
    public var electraClaim: String? {
        guard let rtd = entries.first(where: { $0.objective == "rtd" }), let mlm = entries.first(where: { $0.objective == "mlm" }) else { return nil }
        let shared = rtd.tasks.compactMap { task in mlm.tasks.first { $0.name == task.name }.map { (task, $0) } }
        guard !shared.isEmpty else { return nil }
        let wins = shared.filter { $0.0.ranked.median > $0.1.ranked.median }
        let clear = wins.filter { $0.0.ranked.minimum > $0.1.ranked.maximum }
        let names = { (pairs: [(FinetunedTask, FinetunedTask)]) in pairs.map(\.0.name).joined(separator: ", ") }
        var text = "The ELECTRA paper's claim, that replaced token detection beats masked language modeling at equal compute: "
        if wins.count == shared.count {
            text += "reproduced on every task (\(names(wins)))"
        } else if wins.isEmpty {
            text += "not reproduced on any task (\(names(shared)))"
        } else {
            text += "reproduced on \(wins.count) of \(shared.count) tasks (\(names(wins)))"
        }
        text += wins.isEmpty ? "" : clear.count == wins.count ? ", each time outside the seeds' spread"
            : clear.isEmpty ? ", each time inside the seeds' spread" : "; outside the seeds' spread on \(names(clear))"
        if let x = rtd.flops, let y = mlm.flops, abs(x - y) > 0.01 * max(x, y) {
            text += ". The two were not pretrained at equal compute (\(Self.flops(x)) vs \(Self.flops(y))), so this does not test the claim"
        }
        return text + "."
    }

    /// FLOPs in engineering units: `1.23 TFLOP`.
    static func flops(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        let units = ["FLOP", "kFLOP", "MFLOP", "GFLOP", "TFLOP", "PFLOP", "EFLOP"]
        var scaled = value, index = 0
        while abs(scaled) >= 1000 && index < units.count - 1 {
            scaled /= 1000
            index += 1
        }
        return NumberFormat.fixed(scaled, scaled < 10 ? 2 : scaled < 100 ? 1 : 0) + " " + units[index]
    }
}
