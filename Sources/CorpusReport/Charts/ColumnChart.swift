/// Vertical bars over labelled categories (histogram bins, cluster sizes), on a linear or
/// logarithmic count axis. With two series the first is drawn wide and light and the second
/// narrow and dark in front of it, so "before" and "after" read at a glance.
struct ColumnChart {
    /// One series of values, one per category.
    struct Series {
        var name: String
        var values: [Double]
        /// CSS class of its bars.
        var style: String
    }

    /// Category labels along the horizontal axis.
    var categories: [String]
    var series: [Series]
    /// Whether counts are spaced by powers of ten (zero stays at the baseline).
    var logarithmic = false
    /// Axis titles.
    var xTitle: String, yTitle: String
    /// Tooltip of `series` at `category`.
    var tooltip: (_ series: Int, _ category: Int) -> String
    var width = 520.0
    var height = 260.0

    /// The chart as an `<svg>` element; a placeholder when there are no categories or series.
    func svg(title: String) -> String {
        guard !categories.isEmpty, !series.isEmpty else {
            return SVGParts.placeholder(width: width, height: height, title: title)
        }
        let left = 58.0, right = width - 10, top = series.count > 1 ? 26.0 : 12.0, bottom = height - 44
        let values = series.flatMap(\.values)
        let scale = logarithmic
            ? ChartScale.logarithmic(maximum: values.filter(\.isFinite).max() ?? 1)
            : ChartScale.linear(covering: values, includeZero: true)
        var body = SVGParts.verticalAxis(scale, left: left, right: right, top: top, bottom: bottom, title: yTitle)
        let slot = (right - left) / Double(categories.count)
        // Labels are thinned out when they would collide (about 7 px per character).
        let widest = Double(categories.map(\.count).max() ?? 1) * 6.5 + 6
        let every = max(1, Int((widest / slot).rounded(.up)))
        for (index, category) in categories.enumerated() {
            let x = left + slot * Double(index)
            for (number, series) in series.enumerated() where index < series.values.count {
                let value = series.values[index]
                let inset = number == 0 ? slot * 0.1 : slot * (0.1 + 0.15 * Double(number))
                let barHeight = scale.fraction(value) * (bottom - top)
                let shown = value > 0 ? max(1, barHeight) : 0
                body += SVGParts.rect(x: x + inset, y: bottom - shown, width: slot - 2 * inset, height: shown,
                                      className: series.style, tooltip: tooltip(number, index))
            }
            if index % every == 0 {
                body += SVGParts.text(category, x: x + slot / 2, y: bottom + 15, anchor: "middle")
            }
        }
        body += SVGParts.line(left, bottom, right, bottom, className: "baseline")
        body += SVGParts.text(xTitle, x: (left + right) / 2, y: height - 8, anchor: "middle", className: "axis-title")
        if series.count > 1 {
            body += SVGParts.legend(series.map { ($0.style, $0.name) }, right: right, y: 2)
        }
        return SVGParts.svg(width: width, height: height, title: title, body: body)
    }
}
