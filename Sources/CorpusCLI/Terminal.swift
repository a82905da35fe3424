#if canImport(Glibc)
import Glibc
#endif

/// Writes human-facing lines to standard error: a live progress line with a drawn bar on a
/// terminal, plain periodic lines otherwise. `CORPUS_PROGRESS=bar` or `lines` overrides the
/// choice (a bar into a pipe that a terminal shows, plain lines on a terminal that records).
final class Terminal {
    /// Whether progress is drawn as a live line with a bar (terminals) or written as plain lines (logs).
    let isInteractive: Bool
    private var liveLineShown = false

    /// A terminal on standard error; `interactive` nil decides from `CORPUS_PROGRESS`, else from `isatty`.
    init(interactive: Bool? = nil) {
        switch (interactive, getenv("CORPUS_PROGRESS").map { String(cString: $0) }) {
        case (let explicit?, _): isInteractive = explicit
        case (nil, "bar"?): isInteractive = true
        case (nil, "lines"?): isInteractive = false
        default: isInteractive = isatty(2) == 1
        }
    }

    /// Writes a line, clearing a live progress line first.
    func line(_ text: String) {
        clearLive()
        write(text + "\n")
    }

    /// Shows `text` as the live progress line (terminals) or as a plain line (logs). With the
    /// share done, `fraction`, a terminal draws a bar after `label` and a log gets the percentage.
    func progress(_ text: String, label: String = "", fraction: Double? = nil) {
        let head = label.isEmpty ? "" : label + " "
        if isInteractive {
            write("\r\u{1B}[2K" + head + (fraction.map { ProgressBar.draw($0) + "  " } ?? "") + text)
            liveLineShown = true
        } else {
            let percent = fraction.map { "\(Int((min(max($0, 0), 1) * 100).rounded(.down)))%  " } ?? ""
            write(head + percent + text + "\n")
        }
    }

    /// Removes the live progress line.
    func clearLive() {
        if liveLineShown { write("\r\u{1B}[2K"); liveLineShown = false }
    }

    private func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(2, base + offset, bytes.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}

/// Number formatting for reports.
enum Format {
    /// "12,345".
    static func count(_ value: Int) -> String {
        let digits = String(abs(value))
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (value < 0 ? "-" : "") + groups.joined(separator: ",")
    }

    /// "123.4 MB" (decimal units).
    static func bytes(_ value: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var amount = Double(value)
        var unit = 0
        while amount >= 1000, unit < units.count - 1 { amount /= 1000; unit += 1 }
        return unit == 0 ? "\(value) B" : fixed(amount, 1) + " " + units[unit]
    }

    /// A number with `places` decimals.
    static func fixed(_ value: Double, _ places: Int) -> String {
        guard value.isFinite else { return "-" }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text = String(rounded)
        if let dot = text.firstIndex(of: ".") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            if decimals < places { text += String(repeating: "0", count: places - decimals) }
            if places == 0 { text = String(text[..<dot]) }
        }
        return text
    }

    /// "1:02:03" or "2:03".
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "--:--" }
        let total = Int(seconds.rounded())
        let (h, m, s) = (total / 3600, (total % 3600) / 60, total % 60)
        let mm = m < 10 && h > 0 ? "0\(m)" : "\(m)"
        let ss = s < 10 ? "0\(s)" : "\(s)"
        return h > 0 ? "\(h):\(mm):\(ss)" : "\(mm):\(ss)"
    }
}
