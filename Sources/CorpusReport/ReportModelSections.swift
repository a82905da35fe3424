/// The report's sections about what the corpus became: the tokenizer, the token dataset and
/// the training run. Each answers nil when no stage recorded its data.
extension ReportSections {
    /// Tokenizer figures: model, fit to the corpus, and the special ids.
    static func tokenizer(_ stages: [StageStatistics]) -> String? {
        let training = stages.filter { $0.tokenizer != nil }
        guard !training.isEmpty else { return nil }
        var body = ""
        for stage in training {
            guard let figures = stage.tokenizer else { continue }
            let facts: [(String, String)] = [
                ("model", "\(figures.modelType), \(NumberFormat.count(figures.vocabSize)) ids"),
                ("trained on", "\(NumberFormat.count(figures.sampledLines)) sampled lines in \(NumberFormat.duration(figures.trainingSeconds))"),
                ("tokens per word", NumberFormat.fixed(figures.tokensPerWord, 3)),
                ("vocabulary used", NumberFormat.percent(figures.vocabularyUsed, of: 1) + " of ids occur in the sample"),
                ("SHA-256", figures.sha256),
            ]
            let list = "<dl class=\"facts\">" + facts.map { Markup.element("dt", $0.0) + Markup.element("dd", $0.1) }.joined() + "</dl>"
            let special = figures.specialTokens.sorted { ($0.value, $0.key) < ($1.value, $1.key) }
            let rows = special.map { "<tr>" + Markup.element("td", $0.key, [("class", "mono")]) + ReportPage.numberCells([NumberFormat.count($0.value)]) + "</tr>" }
            let table = special.isEmpty ? "" : ReportPage.table(headers: ["special piece", "id"], numericFrom: 1, rows: rows.joined())
            body += ReportPage.stageHeading(stage) + "<div class=\"pair\"><div>" + list + usageMeter(figures.vocabularyUsed) + "</div><div>" + table + "</div></div>"
        }
        return ReportPage.section(id: "tokenizer", title: "Tokenizer",
                                  lead: "The trained vocabulary and how well it fits a sample of the corpus.", body: body)
    }

    /// A bar filled to `fraction` (vocabulary used).
    static func usageMeter(_ fraction: Double) -> String {
        let width = 300.0, clamped = fraction.isFinite ? min(1, max(0, fraction)) : 0
        let text = "vocabulary used: " + NumberFormat.percent(clamped, of: 1)
        return SVGParts.svg(width: width, height: 16, title: text,
                            body: SVGParts.rect(x: 0, y: 3, width: width, height: 10, className: "bar-total", tooltip: text)
                                + SVGParts.rect(x: 0, y: 3, width: width * clamped, height: 10, className: "bar", tooltip: text))
    }

    /// Token dataset totals per split, with the compression ratio.
    static func shards(_ stages: [StageStatistics]) -> String? {
        let writing = stages.filter { $0.shards != nil }
        guard !writing.isEmpty else { return nil }
        var body = ""
        for stage in writing {
            guard let figures = stage.shards else { continue }
            let order = ["train": 0, "validation": 1]
            let splits = figures.splits.sorted { (order[$0.key] ?? 2, $0.key) < (order[$1.key] ?? 2, $1.key) }
            func row(_ name: String, _ split: SplitFigures, className: String = "") -> String {
                "<tr\(className.isEmpty ? "" : " class=\"\(className)\"")>" + Markup.element("th", name)
                    + ReportPage.numberCells([NumberFormat.count(split.shards), NumberFormat.count(split.documents), NumberFormat.count(split.tokens),
                                              NumberFormat.bytes(split.bytes), NumberFormat.fixed(Double(split.bytes) / Double(max(1, split.tokens)), 3),
                                              NumberFormat.fixed(Double(split.tokens) / Double(max(1, split.documents)), 1)]) + "</tr>"
            }
            let total = splits.reduce(SplitFigures(shards: 0, documents: 0, tokens: 0, bytes: 0)) {
                SplitFigures(shards: $0.shards + $1.value.shards, documents: $0.documents + $1.value.documents,
                             tokens: $0.tokens + $1.value.tokens, bytes: $0.bytes + $1.value.bytes)
            }
            let rows = splits.map { row($0.key, $0.value) }.joined() + (splits.count > 1 ? row("total", total, className: "total") : "")
            body += ReportPage.stageHeading(stage, note: "compression ratio " + NumberFormat.fixed(figures.compressionRatio, 2) + "×")
                + ReportPage.table(headers: ["split", "shards", "documents", "tokens", "bytes on disk", "bytes/token", "tokens/document"],
                                   numericFrom: 1, rows: rows)
        }
        return ReportPage.section(id: "shards", title: "Token shards",
                                  lead: "The written dataset per split; the compression ratio is bytes of token ids over bytes on disk.",
                                  body: body)
    }

    /// One line chart per logged series of every training stage.
    static func training(_ stages: [StageStatistics]) -> String? {
        let trained = stages.filter { !($0.training?.series.isEmpty ?? true) }
        guard !trained.isEmpty else { return nil }
        var body = ""
        for stage in trained {
            guard let curves = stage.training else { continue }
            let steps = curves.steps.map(Double.init)
            let names = curves.series.keys.sorted { (seriesRank($0), $0) < (seriesRank($1), $1) }
            let figures = names.map { name -> String in
                let values = curves.series[name] ?? []
                let title = name.replacingOccurrences(of: "_", with: " ")
                let chart = LineChart(xs: steps, ys: values, xTitle: "step", yTitle: title)
                let finite = values.filter(\.isFinite)
                let summary = finite.isEmpty ? "no values" : "last \(NumberFormat.value(finite[finite.count - 1])), "
                    + "min \(NumberFormat.value(finite.min() ?? 0)), max \(NumberFormat.value(finite.max() ?? 0))"
                return ReportPage.figure(chart.svg(title: "\(title) over steps in \(stage.name)"), caption: "\(title) — \(summary)")
            }
            body += ReportPage.stageHeading(stage, note: "\(NumberFormat.count(curves.steps.count)) logged steps"
                                            + (curves.steps.last.map { ", last step \(NumberFormat.count($0))" } ?? ""))
                + ReportPage.charts(figures)
        }
        return ReportPage.section(id: "training", title: "Training curves",
                                  lead: "Every series logged while training, against the step it was logged at.", body: body)
    }

    /// Losses first, then accuracies, then everything else (each alphabetical).
    static func seriesRank(_ name: String) -> Int {
        name == "loss" ? 0 : name.contains("loss") ? 1 : name.contains("acc") || name.contains("auc") ? 2 : 3
    }
}
