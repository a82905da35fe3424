/// The report's experiment sections: the pretraining compute of every pretrain stage, and the
/// fine-tuning results of every finetune stage side by side, with the comparison in words
/// (`ExperimentVerdict`) and the dev curves per epoch.
extension ReportSections {
    /// FLOPs per step and in all of each pretrain stage, and which stage's compute it matched.
    static func compute(_ stages: [StageStatistics]) -> String? {
        let counted = stages.filter { $0.compute != nil }
        guard !counted.isEmpty else { return nil }
        var rows = ""
        for stage in counted {
            guard let c = stage.compute else { continue }
            let matched = c.matchedStage.map { name in
                "\(name) (" + ExperimentVerdict.flops(c.matchedFLOPs) + ")"
            } ?? "—"
            rows += "<tr>" + Markup.element("th", stage.name) + Markup.element("td", c.objective)
                + ReportPage.numberCells([NumberFormat.count(c.steps), "\(NumberFormat.count(c.batchSize)) × \(NumberFormat.count(c.sequenceLength))",
                                          ExperimentVerdict.flops(c.flopsPerStep), NumberFormat.percent(c.attentionFLOPsPerStep, of: c.flopsPerStep),
                                          ExperimentVerdict.flops(c.totalFLOPs)])
                + Markup.element("td", matched) + "</tr>"
        }
        let table = ReportPage.table(headers: ["stage", "objective", "steps", "batch × length", "FLOPs per step", "in attention", "FLOPs in all",
                                               "steps matched to"], numericFrom: 2, rows: rows)
        return ReportPage.section(id: "compute", title: "Pretraining compute",
                                  lead: "Matrix-product FLOPs of a training step (forward and backward, 3 × forward; ELECTRA counts generator "
                                      + "and discriminator), and in all. A stage with equal_flops_with took the steps that match the named stage's FLOPs.",
                                  body: table)
    }

    /// Fine-tuning results: model × task medians with their spread, the comparison in words,
    /// and each task's median dev figure per epoch, one line per model.
    static func experiment(_ stages: [StageStatistics]) -> String? {
        let verdict = ExperimentVerdict(stages)
        guard !verdict.entries.isEmpty else { return nil }
        let tasks = verdict.taskNames
        var rows = ""
        for entry in verdict.entries {
            var cells = [ExperimentVerdict.flops(entry.flops)]
            for name in tasks {
                guard let task = entry.tasks.first(where: { $0.name == name }) else { cells.append("—"); continue }
                let s = task.ranked
                cells.append(NumberFormat.fixed(100 * s.median, 1) + " (" + NumberFormat.fixed(100 * s.minimum, 1) + "–"
                             + NumberFormat.fixed(100 * s.maximum, 1) + (s.standardDeviation.map { ", ± " + NumberFormat.fixed(100 * $0, 1) } ?? "") + ")")
            }
            rows += "<tr>" + Markup.element("th", entry.stage) + Markup.element("td", entry.model) + Markup.element("td", entry.objective)
                + ReportPage.numberCells(cells) + "</tr>"
        }
        let headers = ["fine-tuned", "pretrained", "objective", "pretraining FLOPs"] + tasks.map { name in
            let metric = verdict.entries.lazy.compactMap { $0.tasks.first { $0.name == name }?.metric }.first ?? "accuracy"
            return name + (metric == "mcc" ? " MCC" : " accuracy")
        }
        var body = ReportPage.table(headers: headers, numericFrom: 3, rows: rows)
        let seeds = Set(verdict.entries.flatMap { $0.tasks.map(\.seeds.count) }).sorted().map(String.init).joined(separator: " or ")
        body += "<p class=\"note\">Median over \(Markup.escape(seeds)) seeds of the dev figure after the last epoch, × 100; in brackets the "
            + "smallest–largest seed and the standard deviation.</p>"
        if let claim = verdict.electraClaim { body += Markup.element("p", claim, [("class", "claim")]) }
        let sentences = verdict.gaps.map(ExperimentVerdict.sentence)
        if !sentences.isEmpty {
            body += "<ul class=\"verdicts\">" + sentences.map { Markup.element("li", $0) }.joined() + "</ul>"
        }
        var figures: [String] = []
        for name in tasks {
            let metric = verdict.entries.lazy.compactMap { $0.tasks.first { $0.name == name }?.metric }.first ?? "accuracy"
            let label = metric == "mcc" ? "MCC" : "accuracy"
            let series = verdict.entries.compactMap { entry -> SeriesChart.Series? in
                guard let task = entry.tasks.first(where: { $0.name == name }) else { return nil }
                let epochs = task.seeds.map(\.epochs.count).max() ?? 0
                let medians = (0..<epochs).map { index -> Double in
                    let values = task.seeds.compactMap { $0.epochs.indices.contains(index) ? $0.epochs[index] : nil }.map { metric == "mcc" ? $0.mcc : $0.accuracy }
                    return values.isEmpty ? .nan : 100 * SpreadFigures(values).median
                }
                return SeriesChart.Series(name: entry.objective, xs: (1...max(1, epochs)).prefix(epochs).map(Double.init), ys: medians)
            }
            let chart = SeriesChart(series: series, xTitle: "epoch", yTitle: "median dev \(label) × 100")
            figures.append(ReportPage.figure(chart.svg(title: "\(name): median dev \(label) per epoch"), caption: "\(name): dev \(label) per epoch (median over seeds)"))
        }
        body += ReportPage.charts(figures)
        return ReportPage.section(id: "experiment", title: "Fine-tuning experiment",
                                  lead: "Each pretrained model fine-tuned on each task over several seeds; every model is compared with the first.",
                                  body: body)
    }
}
