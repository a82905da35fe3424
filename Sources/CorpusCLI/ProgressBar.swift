/// The drawn bar of a live progress line: `▕██████▍         ▏ 42%`, filled to an eighth of a cell.
enum ProgressBar {
    /// Partial cells, from one eighth to seven eighths full.
    private static let partials: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// The bar for `fraction` (clamped to 0...1) in `width` cells, followed by the percentage.
    static func draw(_ fraction: Double, width: Int = 24) -> String {
        let share = fraction.isFinite ? min(max(fraction, 0), 1) : 0
        let eighths = Int((share * Double(width * 8)).rounded(.down))
        let full = eighths / 8, partial = eighths % 8
        var cells = String(repeating: "█", count: full)
        if full < width {
            cells += partial > 0 ? String(partials[partial - 1]) : " "
            cells += String(repeating: " ", count: width - full - 1)
        }
        let percent = Int((share * 100).rounded(.down))
        return "▕" + cells + "▏" + String(repeating: " ", count: 4 - String(percent).count) + "\(percent)%"
    }
}
