/// Horizontal bars, one per labelled row, each with its value written at its end; a bar may
/// stand in front of a lighter one (its total), which draws a funnel: what came in, what went on.
struct BarChart {
    /// One row.
    struct Bar {
        /// The row's label (shortened when long; the tooltip has it whole).
        var label: String
        /// The bar's length in data units.
        var value: Double
        /// A lighter bar behind it (e.g. documents in, when `value` is documents out).
        var total: Double?
        /// What is written at the bar's end.
        var valueText: String
        /// The tooltip of the row.
        var tooltip: String
    }

    var bars: [Bar]
    /// What the values count (written under the bars).
    var unit: String
    /// CSS class of the bars (`bar`, `bar-drop`).
    var style = "bar"
    var width = 520.0
    var labelWidth = 150.0
    var valueWidth = 120.0
    var rowHeight = 24.0

    /// The chart as an `<svg>` element; a placeholder when there are no bars.
    func svg(title: String) -> String {
        guard !bars.isEmpty else { return SVGParts.placeholder(width: width, height: 80, title: title) }
        let top = 6.0, plotLeft = labelWidth, plotRight = width - valueWidth
        let height = top + rowHeight * Double(bars.count) + 30
        let scale = ChartScale.linear(covering: bars.flatMap { [$0.value, $0.total ?? 0] }, includeZero: true)
        let longest = max(scale.high, 1e-300)
        let extent = plotRight - plotLeft
        var body = ""
        for (index, bar) in bars.enumerated() {
            let y = top + rowHeight * Double(index)
            let barY = y + 4, barHeight = rowHeight - 8
            body += "<g>" + Markup.element("title", bar.tooltip)
            body += SVGParts.text(Self.shortened(bar.label, to: Int(labelWidth / 6.8)), x: plotLeft - 8, y: y + rowHeight / 2 + 4,
                                  anchor: "end", className: "label")
            var end = bar.value / longest * extent
            if let total = bar.total {
                let totalWidth = total / longest * extent
                body += SVGParts.rect(x: plotLeft, y: barY, width: totalWidth, height: barHeight, className: "bar-total", tooltip: bar.tooltip)
                end = max(end, totalWidth)
            }
            // A non-zero bar stays visible however small it is next to the longest.
            let shown = bar.value > 0 ? max(1, bar.value / longest * extent) : 0
            body += SVGParts.rect(x: plotLeft, y: barY, width: shown, height: barHeight, className: style, tooltip: bar.tooltip)
            body += SVGParts.text(bar.valueText, x: plotLeft + max(end, shown) + 6, y: y + rowHeight / 2 + 4, className: "value")
            body += "</g>"
        }
        let bottom = top + rowHeight * Double(bars.count)
        body += SVGParts.line(plotLeft, top, plotLeft, bottom, className: "baseline")
        body += SVGParts.text(unit, x: plotLeft, y: bottom + 20, className: "axis-title")
        return SVGParts.svg(width: width, height: height, title: title, body: body)
    }

    /// `label` cut to `limit` characters with "…".
    static func shortened(_ label: String, to limit: Int) -> String {
        label.count > limit ? String(label.prefix(max(1, limit - 1))) + "…" : label
    }
}
