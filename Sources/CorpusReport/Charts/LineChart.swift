/// One series as a line over its steps, with round ticks on both axes, a point (and tooltip)
/// per value while there are few enough to tell apart, and the last value written at its end.
struct LineChart {
    /// Positions along the horizontal axis (training steps).
    var xs: [Double]
    /// Values, one per position; pairs with a non-finite member are left out.
    var ys: [Double]
    /// Axis titles.
    var xTitle: String, yTitle: String
    var width = 520.0
    var height = 240.0
    /// Series longer than this get no individual points.
    var maximumPoints = 120

    /// The chart as an `<svg>` element; a placeholder when there is no finite point.
    func svg(title: String) -> String {
        let points = zip(xs, ys).filter { $0.0.isFinite && $0.1.isFinite }
        guard !points.isEmpty else { return SVGParts.placeholder(width: width, height: height, title: title) }
        let left = 58.0, right = width - 16, top = 14.0, bottom = height - 44
        let xScale = ChartScale.linear(covering: points.map(\.0), includeZero: false, tickCount: 6)
        let yScale = ChartScale.linear(covering: points.map(\.1), includeZero: false)
        var body = SVGParts.verticalAxis(yScale, left: left, right: right, top: top, bottom: bottom, title: yTitle)
        for (tick, label) in zip(xScale.ticks, xScale.labels) {
            let x = left + xScale.fraction(tick) * (right - left)
            body += SVGParts.line(x, bottom, x, bottom + 4, className: "baseline")
            body += SVGParts.text(label, x: x, y: bottom + 16, anchor: "middle")
        }
        body += SVGParts.text(xTitle, x: (left + right) / 2, y: height - 8, anchor: "middle", className: "axis-title")
        let coordinates = points.map { point in
            (left + xScale.fraction(point.0) * (right - left), bottom - yScale.fraction(point.1) * (bottom - top))
        }
        let path = coordinates.enumerated().map { index, point in
            (index == 0 ? "M" : "L") + SVGNumber.text(point.0) + " " + SVGNumber.text(point.1)
        }.joined(separator: " ")
        body += "<path class=\"line\" d=\"\(path)\"/>"
        if points.count <= maximumPoints {
            for (point, coordinate) in zip(points, coordinates) {
                body += "<circle class=\"point\" cx=\"\(SVGNumber.text(coordinate.0))\" cy=\"\(SVGNumber.text(coordinate.1))\" r=\"2.5\">"
                    + Markup.element("title", "step \(NumberFormat.value(point.0)): \(NumberFormat.value(point.1))") + "</circle>"
            }
        }
        if let last = points.last, let end = coordinates.last {
            body += "<circle class=\"point-last\" cx=\"\(SVGNumber.text(end.0))\" cy=\"\(SVGNumber.text(end.1))\" r=\"4\">"
                + Markup.element("title", "last, step \(NumberFormat.value(last.0)): \(NumberFormat.value(last.1))") + "</circle>"
        }
        return SVGParts.svg(width: width, height: height, title: title, body: body)
    }
}
