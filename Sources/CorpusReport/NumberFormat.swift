import Foundation

/// Numbers as the report shows them: the same text on every machine and locale.
enum NumberFormat {
    /// An integer with thousands separators: `1,234,567`.
    static func count<T: BinaryInteger>(_ value: T) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// `value` with `digits` decimals (`-0` shown as `0`), non-finite values as `—`.
    static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "—" }
        let text = String(format: "%.\(digits)f", value)
        return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }

    /// A fraction as a percentage with one decimal: `0.1234` → `12.3%`; `—` without a whole.
    static func percent(_ part: Double, of whole: Double) -> String {
        whole > 0 ? fixed(100 * part / whole, 1) + "%" : "—"
    }

    /// Bytes in decimal units: `512 B`, `1.5 kB`, `12.3 MB`, `4.56 GB`.
    static func bytes<T: BinaryInteger>(_ value: T) -> String {
        let units = ["B", "kB", "MB", "GB", "TB", "PB"]
        var scaled = Double(value)
        var unit = 0
        while abs(scaled) >= 1000 && unit < units.count - 1 {
            scaled /= 1000
            unit += 1
        }
        if unit == 0 { return "\(value) B" }
        return fixed(scaled, abs(scaled) < 10 ? 2 : abs(scaled) < 100 ? 1 : 0) + " " + units[unit]
    }

    /// Seconds as a person reads them: `0.42 s`, `12.3 s`, `4 min 05 s`, `2 h 03 min`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite && seconds >= 0 else { return "—" }
        if seconds < 60 { return fixed(seconds, seconds < 10 ? 2 : 1) + " s" }
        let whole = Int(seconds.rounded())
        if whole < 3600 { return "\(whole / 60) min " + twoDigits(whole % 60) + " s" }
        return "\(whole / 3600) h " + twoDigits(whole / 60 % 60) + " min"
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// Labels for axis ticks spaced `step` apart, in one unit chosen by the largest:
    /// `0 0.25 0.5`, `0 500 1,000`, `0 10k 20k`, `0 1.5M 3M`.
    static func axisLabels(_ ticks: [Double], step: Double) -> [String] {
        let largest = ticks.map(abs).max() ?? 0
        let (divisor, suffix): (Double, String) = largest >= 1e9 ? (1e9, "G") : largest >= 1e6 ? (1e6, "M") : largest >= 1e4 ? (1e3, "k") : (1, "")
        let digits = decimals(step / divisor)
        return ticks.map { tick in
            let scaled = tick / divisor
            return (digits == 0 && abs(scaled) < 1e15 ? count(Int64(scaled.rounded())) : fixed(scaled, digits)) + suffix
        }
    }

    /// Decimals needed to tell ticks `step` apart (at most six).
    private static func decimals(_ step: Double) -> Int {
        guard step > 0 && step.isFinite else { return 0 }
        var digits = 0
        var scaled = step
        while digits < 6 && abs(scaled - scaled.rounded()) > 1e-6 * max(1, abs(scaled)) {
            scaled *= 10
            digits += 1
        }
        return digits
    }

    /// A value for a tooltip or a label: integers grouped, others with up to four significant decimals.
    static func value(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        if value == value.rounded() && abs(value) < 1e15 { return count(Int64(value)) }
        let magnitude = abs(value)
        let digits = magnitude >= 100 ? 1 : magnitude >= 1 ? 3 : 4
        return fixed(value, digits)
    }
}
