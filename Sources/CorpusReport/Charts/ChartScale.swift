import Foundation

/// Maps data values onto the fraction 0...1 of a chart's extent, linearly or by powers of ten,
/// with the ticks (and their labels) an axis shows.
struct ChartScale: Equatable {
    /// How values are spaced along the axis.
    enum Kind: Equatable { case linear, logarithmic }

    let kind: Kind
    /// The domain's ends: the lowest and highest tick.
    let low: Double, high: Double
    /// Tick values, ascending, from `low` to `high`.
    let ticks: [Double]
    /// The ticks as the axis labels them.
    let labels: [String]

    /// A linear scale with round ticks (about `tickCount`) covering the finite `values`
    /// (and zero when `includeZero`); a degenerate domain (no values, one value, all equal)
    /// is widened so that the scale is still usable.
    static func linear(covering values: [Double], includeZero: Bool, tickCount: Int = 5) -> ChartScale {
        let finite = values.filter(\.isFinite)
        var low = finite.min() ?? 0, high = finite.max() ?? 1
        if includeZero { low = min(low, 0); high = max(high, 0) }
        if low == high {
            // Only zero can be both ends when zero is included; keep it as the baseline.
            let pad = low == 0 ? 1 : abs(low) * 0.1
            if low != 0 { low -= pad }
            high += pad
        }
        let step = niceStep((high - low) / Double(max(1, tickCount - 1)))
        let first = (low / step).rounded(.down), last = (high / step).rounded(.up)
        let ticks = stride(from: first, through: last, by: 1).map { $0 * step }
        return ChartScale(kind: .linear, low: first * step, high: last * step, ticks: ticks,
                          labels: NumberFormat.axisLabels(ticks, step: step))
    }

    /// A base-10 logarithmic scale from 1 to the power of ten at or above `maximum` (at least 10),
    /// for counts where zero stays at the baseline.
    static func logarithmic(maximum: Double) -> ChartScale {
        let top = max(1, Int((log10(max(maximum, 1)) - 1e-9).rounded(.up)))
        let ticks = (0...top).map { pow(10, Double($0)) }
        return ChartScale(kind: .logarithmic, low: 1, high: ticks[ticks.count - 1], ticks: ticks,
                          labels: NumberFormat.axisLabels(ticks, step: 1))
    }

    /// Where `value` falls, 0 at `low` and 1 at `high`, clamped to that span.
    func fraction(_ value: Double) -> Double {
        guard value.isFinite else { return 0 }
        let raw: Double
        switch kind {
        case .linear: raw = (value - low) / (high - low)
        case .logarithmic: raw = value <= low ? 0 : log10(value / low) / log10(high / low)
        }
        return min(1, max(0, raw))
    }

    /// The round step (1, 2, 2.5 or 5 times a power of ten) at or above `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0 && raw.isFinite else { return 1 }
        let power = pow(10, log10(raw).rounded(.down))
        let fraction = raw / power
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10
        return nice * power
    }
}

/// Coordinates and sizes written into SVG: one decimal at most, the same on every machine.
enum SVGNumber {
    static func text(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded() && abs(rounded) < 1e12 { return String(Int64(rounded)) }
        return String(format: "%.1f", rounded)
    }
}

/// The pieces every chart draws: an `<svg>` root, axis gridlines, labels, a legend, a placeholder.
enum SVGParts {
    /// The root element `width`×`height` with an accessible `title`, around `body`.
    static func svg(width: Double, height: Double, title: String, body: String) -> String {
        let size = "width=\"\(SVGNumber.text(width))\" height=\"\(SVGNumber.text(height))\" "
            + "viewBox=\"0 0 \(SVGNumber.text(width)) \(SVGNumber.text(height))\""
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" \(size) role=\"img\">"
            + Markup.element("title", title) + body + "</svg>"
    }

    /// Text at (`x`, `y`) with an optional anchor (`start`, `middle`, `end`) and CSS class.
    static func text(_ content: String, x: Double, y: Double, anchor: String = "start", className: String? = nil,
                     rotate: Bool = false) -> String {
        var attributes = "x=\"\(SVGNumber.text(x))\" y=\"\(SVGNumber.text(y))\""
        if anchor != "start" { attributes += " text-anchor=\"\(anchor)\"" }
        if let className { attributes += " class=\"\(className)\"" }
        if rotate { attributes += " transform=\"rotate(-90 \(SVGNumber.text(x)) \(SVGNumber.text(y)))\"" }
        return "<text \(attributes)>\(Markup.escape(content))</text>"
    }

    /// A rectangle with a CSS class and a tooltip.
    static func rect(x: Double, y: Double, width: Double, height: Double, className: String, tooltip: String) -> String {
        "<rect class=\"\(className)\" x=\"\(SVGNumber.text(x))\" y=\"\(SVGNumber.text(y))\" "
            + "width=\"\(SVGNumber.text(max(0, width)))\" height=\"\(SVGNumber.text(max(0, height)))\">"
            + Markup.element("title", tooltip) + "</rect>"
    }

    /// A line from (`x1`, `y1`) to (`x2`, `y2`).
    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, className: String) -> String {
        "<line class=\"\(className)\" x1=\"\(SVGNumber.text(x1))\" y1=\"\(SVGNumber.text(y1))\" "
            + "x2=\"\(SVGNumber.text(x2))\" y2=\"\(SVGNumber.text(y2))\"/>"
    }

    /// Horizontal gridlines and left-hand labels for `scale` over a plot `left...right`, `top...bottom`,
    /// and the axis title rotated along the left edge.
    static func verticalAxis(_ scale: ChartScale, left: Double, right: Double, top: Double, bottom: Double,
                             title: String) -> String {
        var body = "<g class=\"axis\">"
        for (tick, label) in zip(scale.ticks, scale.labels) {
            let y = bottom - scale.fraction(tick) * (bottom - top)
            body += line(left, y, right, y, className: tick == scale.low ? "baseline" : "grid")
            body += text(label, x: left - 6, y: y + 3.5, anchor: "end")
        }
        body += text(title, x: 12, y: (top + bottom) / 2, anchor: "middle", className: "axis-title", rotate: true)
        return body + "</g>"
    }

    /// Colored squares with names, right-aligned at (`right`, `y`): one per (CSS class, name).
    static func legend(_ entries: [(className: String, name: String)], right: Double, y: Double) -> String {
        var body = "<g class=\"legend\">"
        var x = right
        for entry in entries.reversed() {
            x -= 7 * Double(entry.name.count) + 6
            body += text(entry.name, x: x, y: y + 9)
            x -= 14
            body += "<rect class=\"\(entry.className)\" x=\"\(SVGNumber.text(x))\" y=\"\(SVGNumber.text(y))\" width=\"10\" height=\"10\"/>"
            x -= 14
        }
        return body + "</g>"
    }

    /// A chart's frame with `message` in the middle, for series with nothing to draw.
    static func placeholder(width: Double, height: Double, title: String, message: String = "no data") -> String {
        svg(width: width, height: height, title: title,
            body: "<rect class=\"empty\" x=\"0.5\" y=\"0.5\" width=\"\(SVGNumber.text(width - 1))\" height=\"\(SVGNumber.text(height - 1))\"/>"
                + text(message, x: width / 2, y: height / 2 + 4, anchor: "middle"))
    }
}
