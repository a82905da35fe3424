/// A column of a TSV file: by position (0 is the first) or by its name in the header row.
public enum ColumnReference: Codable, Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The column at this 0-based position.
    case index(Int)
    /// The column whose header cell is this name.
    case name(String)

    /// `"3"` is the column at position 3, anything else a header name.
    public init(parsing text: String) {
        if let index = Int(text), index >= 0 { self = .index(index) } else { self = .name(text) }
    }

    public var description: String {
        switch self {
        case .index(let index): String(index)
        case .name(let name): name
        }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let index = try? container.decode(Int.self) { self = .index(index) } else { self = .name(try container.decode(String.self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .index(let index): try container.encode(index)
        case .name(let name): try container.encode(name)
        }
    }
}

/// Where a labeled TSV file keeps its texts and labels: GLUE's files differ (SST-2 has a header
/// and `sentence<TAB>label`; CoLA has no header and four columns with the sentence last).
public struct TSVLayout: Codable, Sendable, Equatable {
    /// Whether the first row names the columns.
    public enum Header: String, Codable, Sendable, CaseIterable {
        /// The first row is a header when its label cell is not a number and is no label of any
        /// other row (nor of the train file, for a dev file); a layout that names columns
        /// always has one.
        case auto
        /// The first row is a header.
        case present
        /// Every row is an example.
        case absent
    }

    /// The text columns: one, or several joined with a space (AG News: title and description),
    /// or exactly two read as a sentence pair when `pair` is set.
    public var textColumns: [ColumnReference]
    /// The label column; labels are any strings.
    public var labelColumn: ColumnReference
    /// Whether there is a header row.
    public var header: Header
    /// Whether the two text columns are a sentence pair (`[CLS] a [SEP] b [SEP]`, token types
    /// 0 and 1) rather than one joined text.
    public var pair: Bool

    /// A layout.
    public init(textColumns: [ColumnReference], labelColumn: ColumnReference, header: Header = .auto, pair: Bool = false) {
        self.textColumns = textColumns
        self.labelColumn = labelColumn
        self.header = header
        self.pair = pair
    }

    /// GLUE's SST-2: a header `sentence<TAB>label`.
    public static let sst2 = TSVLayout(textColumns: [.name("sentence")], labelColumn: .name("label"), header: .present)
    /// GLUE's CoLA: no header; source, label, original mark, sentence.
    public static let cola = TSVLayout(textColumns: [.index(3)], labelColumn: .index(1), header: .absent)
    /// AG News as TSV: label, title, description; title and description joined.
    public static let agNews = TSVLayout(textColumns: [.index(1), .index(2)], labelColumn: .index(0), header: .auto)
    /// The default: text in the first column, label in the second, header detected.
    public static let standard = TSVLayout(textColumns: [.index(0)], labelColumn: .index(1), header: .auto)

    /// The named layouts.
    public static let presets: [String: TSVLayout] = ["sst2": sst2, "cola": cola, "ag-news": agNews, "standard": standard]

    /// The reasons this layout cannot be read, empty when it can.
    public func problems() -> [String] {
        var problems: [String] = []
        if textColumns.isEmpty { problems.append("at least one text column is needed") }
        if pair && textColumns.count != 2 { problems.append("a sentence pair needs exactly two text columns (got \(textColumns.count))") }
        if Set(textColumns).count != textColumns.count { problems.append("a text column is named twice") }
        if textColumns.contains(labelColumn) { problems.append("the label column \(labelColumn) is also a text column") }
        if header == .absent && (textColumns + [labelColumn]).contains(where: { if case .name = $0 { true } else { false } }) {
            problems.append("columns are named but the files have no header; give column positions (0 is the first) instead")
        }
        return problems
    }

    enum CodingKeys: String, CodingKey {
        case textColumns = "text_columns", labelColumn = "label_column", header, pair
    }
}
