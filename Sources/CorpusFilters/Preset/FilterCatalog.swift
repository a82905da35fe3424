import CorpusCore
import Foundation
import Yams

/// Every filter a preset can name, with the keys it accepts and how to build it.
public enum FilterCatalog {
    /// Where a filter being built finds its files.
    public struct Context: Sendable {
        /// The folder of the preset file: relative paths in options start here.
        public var presetDirectory: String
        /// The shipped data folder (`Filters/`): default word lists and models live here.
        public var filtersDirectory: String
        /// The preset file, for error messages.
        public var presetPath: String
    }

    /// How to build one kind of filter.
    public struct Entry: Sendable {
        /// The option keys a preset may set.
        public let acceptedKeys: [String]
        /// Builds the filter from its option node (nil: all defaults).
        public let make: @Sendable (Node?, Context) throws(FilterConfigurationError) -> any DocumentFilter
    }

    /// The filters by name.
    public static let entries: [String: Entry] = {
        var entries: [String: Entry] = [:]
        func add<O: FilterOptions>(_ name: String, _ type: O.Type,
                                   _ build: @escaping @Sendable (O, Context) throws(FilterConfigurationError) -> any DocumentFilter) {
            entries[name] = Entry(acceptedKeys: O.acceptedKeys) { node, context throws(FilterConfigurationError) in
                try build(try options(O.self, from: node, filter: name, context: context), context)
            }
        }
        add("c4_length", C4LengthFilter.Options.self) { options, _ in C4LengthFilter(options: options) }
        add("c4_clean", C4CleanPageFilter.Options.self) { options, context throws(FilterConfigurationError) in
            let model = options.punktModel.map { ListFile.resolve($0, against: context.presetDirectory) }
                ?? ListFile.resolve("punkt-english", against: context.filtersDirectory)
            let splitter = PunktSentenceSplitter(parameters: try PunktParameters(directory: model))
            return C4CleanPageFilter(options: options) { splitter.sentenceCount(in: $0) }
        }
        add("language", LanguageFilter.Options.self) { options, _ in LanguageFilter(options: options) }
        add("bad_words", BadWordsFilter.Options.self) { options, context throws(FilterConfigurationError) in
            try BadWordsFilter(options: options, directory: context.presetDirectory)
        }
        add("url_blocklist", URLBlocklistFilter.Options.self) { options, context throws(FilterConfigurationError) in
            try URLBlocklistFilter(options: options, directory: context.presetDirectory)
        }
        add("pii", PIIMasker.Options.self) { options, _ in PIIMasker(options: options) }
        add("gopher_quality", GopherQualityFilter.Options.self) { options, _ in GopherQualityFilter(options: options) }
        add("gopher_repetition", GopherRepetitionFilter.Options.self) { options, _ in GopherRepetitionFilter(options: options) }
        add("fineweb_quality", FineWebQualityFilter.Options.self) { options, _ in FineWebQualityFilter(options: options) }
        return entries
    }()

    /// Decodes and validates the options of filter `name`.
    static func options<O: FilterOptions>(_ type: O.Type, from node: Node?, filter: String, context: Context) throws(FilterConfigurationError) -> O {
        let decoded: O
        do {
            decoded = try node.map { try YAMLDecoder().decode(O.self, from: $0) } ?? YAMLDecoder().decode(O.self, from: "{}")
        } catch {
            throw .malformedPreset(path: context.presetPath, reason: "\(filter): \(describe(error))")
        }
        try decoded.validate()
        return decoded
    }

    private static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "\(error)" }
        switch decoding {
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "\(key): expected \(type)"
        case .dataCorrupted(let context), .keyNotFound(_, let context):
            return context.debugDescription
        @unknown default:
            return "\(decoding)"
        }
    }
}
