/// Several named series over the same kind of positions (fine-tuning epochs), one coloured line
/// each, with a legend; pairs with a non-finite member are left out.
struct SeriesChart {
    /// A named line.
    struct Series {
        var name: String
        var xs: [Double], ys: [Double]
    }

    var series: [Series]
    /// Axis titles.
    var xTitle: String, yTitle: String
    var width = 520.0
    var height = 260.0

    /// Lines take the classes `series-0` … `series-5`, in turn.
    static let palette = 6

    /// The chart as an `<svg>` element; a placeholder when no series has a finite point.
    func svg(title: String) -> String {
        let lines = series.map { line in zip(line.xs, line.ys).filter { $0.0.isFinite && $0.1.isFinite } }
        let all = lines.flatMap { $0 }
        guard !all.isEmpty else { return SVGParts.placeholder(width: width, height: height, title: title) }
        let left = 58.0, right = width - 16, top = 30.0, bottom = height - 44
        let xScale = ChartScale.linear(covering: all.map(\.0), includeZero: false, tickCount: 6)
        let yScale = ChartScale.linear(covering: all.map(\.1), includeZero: false)
        var body = SVGParts.verticalAxis(yScale, left: left, right: right, top: top, bottom: bottom, title: yTitle)
        for (tick, label) in zip(xScale.ticks, xScale.labels) {
            let x = left + xScale.fraction(tick) * (right - left)
            body += SVGParts.line(x, bottom, x, bottom + 4, className: "baseline")
            body += SVGParts.text(label, x: x, y: bottom + 16, anchor: "middle")
        }
        body += SVGParts.text(xTitle, x: (left + right) / 2, y: height - 8, anchor: "middle", className: "axis-title")
        for (index, (line, points)) in zip(series, lines).enumerated() where !points.isEmpty {
            let className = "series-\(index % Self.palette)"
            let coordinates = points.map { (left + xScale.fraction($0.0) * (right - left), bottom - yScale.fraction($0.1) * (bottom - top)) }
            let path = coordinates.enumerated().map { offset, point in
                (offset == 0 ? "M" : "L") + SVGNumber.text(point.0) + " " + SVGNumber.text(point.1)
            }.joined(separator: " ")
            body += "<path class=\"line \(className)\" d=\"\(path)\"/>"
            for (point, coordinate) in zip(points, coordinates) {
                body += "<circle class=\"dot \(className)\" cx=\"\(SVGNumber.text(coordinate.0))\" cy=\"\(SVGNumber.text(coordinate.1))\" r=\"3\">"
                    + Markup.element("title", "\(line.name), \(xTitle) \(NumberFormat.value(point.0)): \(NumberFormat.value(point.1))") + "</circle>"
            }
        }
        body += SVGParts.legend(series.enumerated().map { (className: "swatch series-\($0.offset % Self.palette)", name: $0.element.name) },
                                right: right, y: 4)
        return SVGParts.svg(width: width, height: height, title: title, body: body)
    }
}
