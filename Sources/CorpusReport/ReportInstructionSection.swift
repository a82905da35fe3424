/// The report's instruction-tuning section: for every instruct stage, the held-out task's rank
/// classification before tuning and after each epoch, the gain, the mixture, and the held-out
/// accuracy per epoch as a chart (the loss curve is in the training section).
extension ReportSections {
    /// One block per instruct stage; nil when no stage recorded instruction figures.
    static func instruction(_ stages: [StageStatistics]) -> String? {
        let tuned = stages.filter { $0.instruction != nil }
        guard !tuned.isEmpty else { return nil }
        var body = ""
        for stage in tuned {
            guard let figures = stage.instruction else { continue }
            func points(_ value: Double) -> String { NumberFormat.fixed(100 * value, 1) }
            let gain = (figures.gain >= 0 ? "+" : "") + points(figures.gain) + " points"
            let mixture = figures.mixture.sorted { $0.key < $1.key }.map { "\($0.key) (\(NumberFormat.count($0.value)))" }.joined(separator: ", ")
            let facts: [(String, String)] = [
                ("model", "\(figures.model): \(figures.summary), step \(NumberFormat.count(figures.pretrainingStep))"),
                ("mixture", mixture + ", \(NumberFormat.count(figures.mixture.values.reduce(0, +))) examples"),
                ("held out", figures.heldoutTasks.joined(separator: ", ") + ", \(NumberFormat.count(figures.heldoutExamples)) examples; "
                    + "majority class " + points(figures.majority)),
                ("tuning", "\(NumberFormat.count(figures.steps)) steps over \(figures.epochs.count) epochs"),
                ("held-out accuracy", points(figures.zeroShot.accuracy) + " zero-shot → " + points(figures.final.accuracy) + " tuned (" + gain + ")"),
            ]
            let list = "<dl class=\"facts\">" + facts.map { Markup.element("dt", $0.0) + Markup.element("dd", $0.1) }.joined() + "</dl>"
            var rows = "<tr>" + Markup.element("th", "zero-shot") + ReportPage.numberCells(["0", "—", points(figures.zeroShot.accuracy),
                                                                                            points(figures.zeroShot.mcc)]) + "</tr>"
            for epoch in figures.epochs {
                rows += "<tr>" + Markup.element("th", "epoch \(epoch.epoch)")
                    + ReportPage.numberCells([NumberFormat.count(epoch.step), NumberFormat.fixed(epoch.trainLoss, 4), points(epoch.heldout.accuracy),
                                              points(epoch.heldout.mcc)]) + "</tr>"
            }
            let table = ReportPage.table(headers: ["after", "step", "train loss", "held-out accuracy", "held-out MCC"], numericFrom: 1, rows: rows)
            let epochs = [0.0] + figures.epochs.map { Double($0.epoch) }
            let chart = SeriesChart(series: [
                SeriesChart.Series(name: "accuracy", xs: epochs, ys: [figures.zeroShot.accuracy * 100] + figures.epochs.map { $0.heldout.accuracy * 100 }),
                SeriesChart.Series(name: "MCC", xs: epochs, ys: [figures.zeroShot.mcc * 100] + figures.epochs.map { $0.heldout.mcc * 100 }),
            ], xTitle: "epoch (0: zero-shot)", yTitle: "held-out figure × 100")
            let title = "\(stage.name): held-out \(figures.heldoutTasks.joined(separator: ", ")) per epoch"
            body += ReportPage.stageHeading(stage, note: "held-out accuracy " + gain)
                + "<div class=\"pair\"><div>" + list + "</div><div>" + table + "</div></div>"
                + ReportPage.charts([ReportPage.figure(chart.svg(title: title), caption: title + " (rank classification)")])
        }
        return ReportPage.section(id: "instruction", title: "Instruction tuning",
                                  lead: "A pretrained T5 tuned on a Flan-style mixture of instructions, the loss on targets only; the held-out task, "
                                      + "absent from the mixture, is scored by rank classification (the option the model finds likeliest) "
                                      + "before tuning and after each epoch, × 100.",
                                  body: body)
    }
}
