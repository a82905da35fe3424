/// The run's `report.html`: one self-contained page (inline CSS and SVG, no scripts, no
/// network) with a section for each kind of statistics the run recorded.
public enum ReportPage {
    /// The page for `statistics`; the same statistics always give the same bytes.
    public static func html(_ statistics: RunStatistics) -> String {
        let sections = [
            flowSection(statistics.stages),
            ReportSections.drops(statistics.stages),
            ReportSections.languages(statistics.stages),
            ReportSections.lengths(statistics.stages),
            ReportSections.clusters(statistics.stages),
            ReportSections.tokenizer(statistics.stages),
            ReportSections.shards(statistics.stages),
            ReportSections.compute(statistics.stages),
            ReportSections.training(statistics.stages),
            ReportSections.experiment(statistics.stages),
            ReportSections.instruction(statistics.stages),
        ].compactMap { $0 }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>\(Markup.escape(statistics.pipeline)) · corpus run report</title>
            <style>\(ReportStyle.css)</style>
            </head>
            <body>
            <main>
            \(header(statistics))
            \(sections.joined(separator: "\n"))
            <footer>Written by <code>corpus report</code> from <code>stats.json</code> (schema version \(statistics.version)).</footer>
            </main>
            </body>
            </html>

            """
    }

    /// Pipeline name, config, seed, total time, and the run's headline figures as cards.
    static func header(_ statistics: RunStatistics) -> String {
        let stages = statistics.stages
        let seconds = stages.reduce(0) { $0 + $1.seconds }
        var meta = ["config " + Markup.element("code", statistics.configPath),
                    "seed " + Markup.element("code", String(statistics.seed)),
                    "\(NumberFormat.count(stages.count)) stage\(stages.count == 1 ? "" : "s")"]
        if !stages.isEmpty { meta.append("total time " + Markup.element("strong", NumberFormat.duration(seconds))) }
        var cards: [(String, String, String)] = []
        if let first = stages.first, let last = stages.last(where: { $0.hasDocumentFlow && $0.flow.documentsOut > 0 }) ?? stages.last {
            cards.append(("documents", NumberFormat.count(first.flow.documentsIn) + " → " + NumberFormat.count(last.flow.documentsOut),
                          "kept " + NumberFormat.percent(Double(last.flow.documentsOut), of: Double(first.flow.documentsIn))))
            cards.append(("text", NumberFormat.bytes(first.flow.bytesIn) + " → " + NumberFormat.bytes(last.flow.bytesOut),
                          "in the first stage, out of the last"))
        }
        let splits = stages.compactMap(\.shards).flatMap(\.splits.values)
        if !splits.isEmpty {
            cards.append(("tokens", NumberFormat.count(splits.reduce(0) { $0 + $1.tokens }),
                          "in \(NumberFormat.count(splits.reduce(0) { $0 + $1.shards })) shards"))
        }
        if let curves = stages.last(where: { $0.training != nil })?.training,
           let loss = curves.series["loss"], let value = loss.last, let step = curves.steps.last {
            cards.append(("final loss", NumberFormat.fixed(value, 3), "at step \(NumberFormat.count(step))"))
        }
        let cardMarkup = cards.map { label, value, note in
            "<div class=\"card\">" + Markup.element("div", label, [("class", "label")]) + Markup.element("div", value, [("class", "value")])
                + Markup.element("div", note, [("class", "note")]) + "</div>"
        }.joined()
        return "<header>" + Markup.element("p", "corpus run report", [("class", "kicker")])
            + Markup.element("h1", statistics.pipeline) + "<p class=\"meta\">" + meta.joined(separator: " · ") + "</p>"
            + (cards.isEmpty ? "" : "<div class=\"cards\">\(cardMarkup)</div>") + "</header>"
    }

    /// Documents and bytes into and out of each stage: two funnel charts, each the page's full
    /// width, and a table. Stages without a document flow (training) are left out of the charts.
    static func flowSection(_ stages: [StageStatistics]) -> String? {
        guard !stages.isEmpty else { return nil }
        func bar(_ stage: StageStatistics, into: Double, out: Double, text: (Double) -> String) -> BarChart.Bar {
            BarChart.Bar(label: stage.name, value: out, total: into,
                         valueText: text(out) + " · " + NumberFormat.percent(out, of: into),
                         tooltip: "\(stage.name) (\(stage.type)): \(text(into)) in, \(text(out)) out")
        }
        let flowing = stages.filter(\.hasDocumentFlow)
        let documents = BarChart(bars: flowing.map { bar($0, into: Double($0.flow.documentsIn), out: Double($0.flow.documentsOut)) { NumberFormat.count(Int64($0)) } },
                                 unit: "documents in (light) and out (dark)", width: fullWidth, labelWidth: 130, valueWidth: 170)
        let bytes = BarChart(bars: flowing.map { bar($0, into: Double($0.flow.bytesIn), out: Double($0.flow.bytesOut)) { NumberFormat.bytes(Int64($0)) } },
                             unit: "bytes in (light) and out (dark); read takes input file bytes, gives text", width: fullWidth,
                             labelWidth: 130, valueWidth: 170)
        var rows = ""
        for stage in stages {
            let flow = stage.flow
            let cells = stage.hasDocumentFlow
                ? [NumberFormat.count(flow.documentsIn), NumberFormat.count(flow.documentsOut),
                   NumberFormat.percent(Double(flow.documentsOut), of: Double(flow.documentsIn)),
                   NumberFormat.bytes(flow.bytesIn), NumberFormat.bytes(flow.bytesOut),
                   NumberFormat.percent(Double(flow.bytesOut), of: Double(flow.bytesIn))]
                : Array(repeating: "—", count: 6)
            rows += "<tr>" + Markup.element("th", stage.name) + Markup.element("td", stage.type)
                + numberCells([NumberFormat.duration(stage.seconds)] + cells) + "</tr>"
        }
        let table = table(headers: ["stage", "type", "time", "documents in", "out", "kept", "bytes in", "out", "kept"], numericFrom: 2, rows: rows)
        let skipped = stages.compactMap { stage -> String? in
            guard let records = stage.recordsSkipped, !records.isEmpty else { return nil }
            let kinds = records.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                .map { NumberFormat.count($0.value) + " " + $0.key.replacingOccurrences(of: "_", with: " ") }
            return Markup.element("strong", stage.name) + " also passed over " + NumberFormat.count(records.values.reduce(0, +))
                + " input records that are not documents (" + Markup.escape(kinds.joined(separator: ", ")) + "), counted neither in nor as drops."
        }
        return section(id: "flow", title: "Through the stages",
                       lead: "Documents and bytes of text entering and leaving each stage, in pipeline order.",
                       body: figure(documents.svg(title: "Documents per stage"), caption: "Documents")
                           + figure(bytes.svg(title: "Bytes per stage"), caption: "Bytes")
                           + table + skipped.map { "<p class=\"note\">" + $0 + "</p>" }.joined())
    }

    /// The width of a chart that spans the page's content column (CSS pixels).
    static let fullWidth = 1052.0

    // MARK: Building blocks shared by the sections

    /// A `<section>` with an anchor `id`, a heading and a lead paragraph.
    static func section(id: String, title: String, lead: String, body: String) -> String {
        "<section id=\"\(id)\">" + Markup.element("h2", title) + Markup.element("p", lead, [("class", "lead")]) + body + "</section>"
    }

    /// A chart (already markup) under its caption.
    static func figure(_ chart: String, caption: String) -> String {
        "<figure>" + Markup.element("figcaption", caption) + chart + "</figure>"
    }

    /// Figures side by side, wrapping on narrow screens.
    static func charts(_ figures: [String]) -> String {
        "<div class=\"charts\">" + figures.joined() + "</div>"
    }

    /// A table with `headers`; columns from `numericFrom` on are right-aligned numbers.
    static func table(headers: [String], numericFrom: Int, rows: String) -> String {
        let head = headers.enumerated().map { index, header in
            Markup.element("th", header, index >= numericFrom ? [("class", "num")] : [])
        }.joined()
        return "<div class=\"table-wrap\"><table><thead><tr>\(head)</tr></thead><tbody>\(rows)</tbody></table></div>"
    }

    /// Right-aligned `<td>` cells.
    static func numberCells(_ values: [String]) -> String {
        values.map { Markup.element("td", $0, [("class", "num")]) }.joined()
    }

    /// A stage's name and type as a subheading.
    static func stageHeading(_ stage: StageStatistics, note: String = "") -> String {
        "<h3>" + Markup.escape(stage.name) + " " + Markup.element("span", stage.type, [("class", "tag")])
            + (note.isEmpty ? "" : " " + Markup.element("span", note, [("class", "note")])) + "</h3>"
    }
}
