/// The report's sections about documents: what was dropped and why, languages, lengths and
/// duplicates. Each answers nil when no stage recorded its data.
enum ReportSections {
    /// Samples shown per rule, and characters shown per sample.
    static let samplesPerRule = 3, excerptLength = 600

    /// Drops per rule for every stage that dropped documents, with samples to open.
    static func drops(_ stages: [StageStatistics]) -> String? {
        let dropping = stages.filter { !$0.drops.isEmpty }
        guard !dropping.isEmpty else { return nil }
        var body = ""
        for stage in dropping {
            let drops = stage.drops.sorted { ($1.count, $0.rule, $0.reason) < ($0.count, $1.rule, $1.reason) }
            let total = drops.reduce(0) { $0 + $1.count }
            let chart = BarChart(
                bars: drops.map { drop in
                    BarChart.Bar(label: "\(drop.rule) / \(drop.reason)", value: Double(drop.count), valueText: NumberFormat.count(drop.count)
                                    + " · " + NumberFormat.percent(Double(drop.count), of: Double(stage.flow.documentsIn)),
                                 tooltip: "\(drop.rule) / \(drop.reason): \(NumberFormat.count(drop.count)) documents dropped")
                },
                unit: "documents dropped (share of the stage's input)", style: "bar-drop", width: ReportPage.fullWidth, labelWidth: 250, valueWidth: 140)
            body += ReportPage.stageHeading(stage, note: "\(NumberFormat.count(total)) documents dropped")
            body += ReportPage.figure(chart.svg(title: "Documents dropped per rule in \(stage.name)"), caption: "Drops per rule")
            body += "<div class=\"samples\">" + drops.map(samples).joined() + "</div>"
        }
        return ReportPage.section(id: "drops", title: "Why documents were dropped",
                                  lead: "Each rule's drops, largest first. Open a rule to read up to three of the documents it dropped.",
                                  body: body)
    }

    /// A rule's samples in a `<details>` element (closed).
    static func samples(_ drop: RuleDrops) -> String {
        let shown = drop.samples.prefix(samplesPerRule)
        var body = "<details><summary>" + Markup.element("span", drop.rule, [("class", "rule")]) + " / "
            + Markup.element("span", drop.reason, [("class", "reason")])
            + Markup.element("span", NumberFormat.count(drop.count) + " dropped · " + (shown.isEmpty ? "no samples" : "\(shown.count) shown"),
                             [("class", "count")]) + "</summary>"
        for sample in shown {
            // URLs stay text: a sampled URL is untrusted and must not become a link.
            let source = sample.url.map { " · " + Markup.element("span", $0, [("class", "url")]) } ?? ""
            body += "<div class=\"sample\"><div class=\"sample-head\">" + Markup.element("code", sample.id) + source + "</div>"
                + Markup.element("pre", Markup.excerpt(sample.text, limit: excerptLength), [("class", "excerpt")]) + "</div>"
        }
        return body + "</details>"
    }

    /// Documents per language of each stage that identified languages; the largest fifteen
    /// by name, the rest together.
    static func languages(_ stages: [StageStatistics]) -> String? {
        let identifying = stages.filter { !($0.languages ?? [:]).isEmpty }
        guard !identifying.isEmpty else { return nil }
        var figures: [String] = []
        for stage in identifying {
            let counts = (stage.languages ?? [:]).sorted { ($1.value, $0.key) < ($0.value, $1.key) }
            let total = counts.reduce(0) { $0 + $1.value }
            var rows = counts.prefix(15).map { ($0.key, $0.value) }
            let rest = counts.dropFirst(15)
            if !rest.isEmpty { rows.append(("\(rest.count) others", rest.reduce(0) { $0 + $1.value })) }
            let chart = BarChart(bars: rows.map { language, count in
                BarChart.Bar(label: language, value: Double(count),
                             valueText: NumberFormat.count(count) + " · " + NumberFormat.percent(Double(count), of: Double(total)),
                             tooltip: "\(language): \(NumberFormat.count(count)) documents")
            }, unit: "documents", labelWidth: 90)
            figures.append(ReportPage.figure(chart.svg(title: "Languages in \(stage.name)"),
                                             caption: "\(stage.name): \(NumberFormat.count(counts.count)) \(counts.count == 1 ? "language" : "languages"), \(NumberFormat.count(total)) documents"))
        }
        return ReportPage.section(id: "languages", title: "Language mix",
                                  lead: "Documents per identified language in each stage's output.", body: ReportPage.charts(figures))
    }

    /// Length histograms of each stage's input and output, overlaid on the same bins.
    static func lengths(_ stages: [StageStatistics]) -> String? {
        let measured = stages.filter { $0.lengthsIn != nil || $0.lengthsOut != nil }
        guard !measured.isEmpty else { return nil }
        var figures: [String] = []
        for stage in measured {
            let pairs = [("in", stage.lengthsIn, "col-before"), ("out", stage.lengthsOut, "col-after")].compactMap { name, histogram, style in
                histogram.map { (name, $0, style) }
            }
            // Overlaid when the bins agree; otherwise one chart per histogram.
            let groups = pairs.count == 2 && pairs[0].1.edges == pairs[1].1.edges ? [pairs] : pairs.map { [$0] }
            for group in groups {
                let edges = group[0].1.edges
                let series = group.map { name, histogram, style in
                    ColumnChart.Series(name: "\(name): \(NumberFormat.count(histogram.counts.reduce(0, +))) documents",
                                       values: histogram.counts.map(Double.init), style: style)
                }
                let chart = ColumnChart(categories: edges.map(binLabel), series: series, xTitle: "characters (lower bin edge)",
                                        yTitle: "documents", tooltip: { number, bin in
                    let upper = bin + 1 < edges.count ? NumberFormat.value(edges[bin + 1] - 1) : "∞"
                    let count = bin < group[number].1.counts.count ? group[number].1.counts[bin] : 0
                    return "\(group[number].0): \(NumberFormat.count(count)) documents of \(NumberFormat.value(edges[bin]))–\(upper) characters"
                })
                figures.append(ReportPage.figure(chart.svg(title: "Document lengths in \(stage.name)"),
                                                 caption: "\(stage.name) (\(stage.type)): " + group.map(\.0).joined(separator: " and ")))
            }
        }
        return ReportPage.section(id: "lengths", title: "Document lengths",
                                  lead: "Characters per document, in bins that double in width, before (light) and after (dark) each stage.",
                                  body: ReportPage.charts(figures))
    }

    /// A bin's lower edge, short: `0`, `16`, `512`, `1K`, `64K`, `1M` (binary multiples).
    static func binLabel(_ edge: Double) -> String {
        for (size, suffix) in [(1_048_576.0, "M"), (1024.0, "K")] where edge >= size && (edge / size).rounded() == edge / size {
            return NumberFormat.value(edge / size) + suffix
        }
        return NumberFormat.value(edge)
    }

    /// Duplicate clusters by size, counts on a logarithmic axis.
    static func clusters(_ stages: [StageStatistics]) -> String? {
        let deduplicating = stages.filter { !($0.clusterSizes ?? [:]).isEmpty }
        guard !deduplicating.isEmpty else { return nil }
        var figures: [String] = []
        for stage in deduplicating {
            let sizes = (stage.clusterSizes ?? [:]).sorted { $0.key < $1.key }
            let buckets = clusterBuckets(sizes)
            let clusters = sizes.reduce(0) { $0 + $1.value }
            let documents = sizes.reduce(0) { $0 + $1.key * $1.value }
            let chart = ColumnChart(categories: buckets.map(\.label), series: [.init(name: "clusters", values: buckets.map { Double($0.count) }, style: "col-after")],
                                    logarithmic: true, xTitle: "documents per cluster", yTitle: "clusters (log scale)",
                                    tooltip: { _, index in "size \(buckets[index].label): \(NumberFormat.count(buckets[index].count)) clusters" })
            figures.append(ReportPage.figure(chart.svg(title: "Duplicate cluster sizes in \(stage.name)"),
                                             caption: "\(stage.name): \(NumberFormat.count(clusters)) clusters holding \(NumberFormat.count(documents)) documents, "
                                                + "largest \(NumberFormat.count(sizes.last?.key ?? 0))"))
        }
        return ReportPage.section(id: "clusters", title: "Duplicate clusters",
                                  lead: "How many documents each group of duplicates held; every cluster keeps one document.",
                                  body: ReportPage.charts(figures))
    }

    /// Cluster sizes as they are when there are few, otherwise in bins that double: 2, 3–4, 5–8, ...
    static func clusterBuckets(_ sizes: [(key: Int, value: Int)]) -> [(label: String, count: Int)] {
        guard sizes.count > 16 else { return sizes.map { (NumberFormat.count($0.key), $0.value) } }
        var buckets: [(label: String, count: Int)] = []
        var low = min(2, sizes[0].key), high = 2
        let largest = sizes[sizes.count - 1].key
        while low <= largest {
            let count = sizes.filter { (low...high).contains($0.key) }.reduce(0) { $0 + $1.value }
            buckets.append((low == high ? NumberFormat.count(low) : "\(NumberFormat.count(low))–\(NumberFormat.count(high))", count))
            (low, high) = (high + 1, high * 2)
        }
        return buckets
    }
}
