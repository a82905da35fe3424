import CorpusCore
import CorpusNormalize
import Foundation
import Yams

/// A cleaning recipe read from YAML (`Filters/presets/*.yaml` or a user file): optional
/// normalization, then filters in order, each with its options.
///
/// ```yaml
/// version: 1
/// description: C4 English cleaning, as tensorflow-datasets c4/en 3.1.0
/// normalize: none            # none (default), nfc or nfkc
/// filters:
///   - c4_length: {}
///   - c4_clean: {min_sentences: 3}
///   - language: {languages: [en], min_score: 0.5}
///   - bad_words: {lists: {en: ../ldnoobw/en}}
/// ```
/// Unknown top-level keys, filter names and option keys are refused when the preset loads,
/// before any input is read. Relative paths inside options are relative to the preset's folder.
public struct Preset {
    /// The file the preset came from.
    public let path: String
    /// What the preset is for, in a sentence.
    public let summary: String?
    /// The normalization form applied before the filters; nil for none.
    public let normalization: NormalizationForm?
    /// The filters by name with their option nodes, in order.
    public let filters: [(name: String, options: Node?)]

    /// The format version this build reads.
    public static let version = 1
    static let topLevelKeys = ["version", "description", "normalize", "filters"]

    /// Reads and checks the preset at `path` (names, keys, version; options are decoded by `makeChain`).
    public init(path: String) throws(FilterConfigurationError) {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .dataFile(path: path, reason: "cannot read the preset")
        }
        try self.init(yaml: text, path: path)
    }

    /// Parses preset YAML; `path` names it in errors and anchors its relative paths.
    public init(yaml: String, path: String) throws(FilterConfigurationError) {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else { throw FilterConfigurationError.malformedPreset(path: path, reason: "the file is empty") }
            root = node
        } catch let error as FilterConfigurationError {
            throw error
        } catch {
            throw .malformedPreset(path: path, reason: "not valid YAML: \(error)")
        }
        guard let mapping = root.mapping else { throw .malformedPreset(path: path, reason: "expected a mapping at the top level") }
        for key in mapping.keys {
            guard let name = key.string, Self.topLevelKeys.contains(name) else {
                throw .malformedPreset(path: path, reason: "unknown key \"\(key.string ?? "?")\" (accepted: \(Self.topLevelKeys.joined(separator: ", ")))")
            }
        }
        guard let version = mapping["version"]?.int else { throw .malformedPreset(path: path, reason: "missing \"version: \(Self.version)\"") }
        guard version == Self.version else {
            throw .malformedPreset(path: path, reason: "version \(version) is not supported (this build reads version \(Self.version))")
        }
        self.path = path
        summary = mapping["description"]?.string
        switch mapping["normalize"]?.string ?? "none" {
        case "none": normalization = nil
        case let form:
            guard let parsed = NormalizationForm(rawValue: form) else {
                throw .malformedPreset(path: path, reason: "normalize: \"\(form)\" is not one of none, nfc, nfkc")
            }
            normalization = parsed
        }
        guard let list = mapping["filters"]?.sequence else { throw .malformedPreset(path: path, reason: "\"filters\" must be a list") }
        var filters: [(name: String, options: Node?)] = []
        for (index, entry) in list.enumerated() {
            guard let item = entry.mapping, item.count == 1, let (key, value) = item.first, let name = key.string else {
                throw .malformedPreset(path: path, reason: "filters[\(index)] must be a one-key mapping: `- name: {options}`")
            }
            guard let known = FilterCatalog.entries[name] else {
                throw .unknownFilter(name, known: FilterCatalog.entries.keys.sorted())
            }
            if let options = value.mapping {
                for optionKey in options.keys {
                    let key = optionKey.string ?? "?"
                    guard known.acceptedKeys.contains(key) else {
                        throw .unknownKey(filter: name, key: key, accepted: known.acceptedKeys)
                    }
                }
            } else if value.scalar.map({ !$0.string.isEmpty && $0.string != "~" && $0.string != "null" }) ?? true {
                throw .malformedPreset(path: path, reason: "filters[\(index)] \(name): options must be a mapping")
            }
            filters.append((name, value.mapping != nil ? value : nil))
        }
        self.filters = filters
    }

    /// Builds the chain: decodes and validates every filter's options and loads its data files.
    /// `filtersDirectory` is where the shipped data lives (`Filters/`), for defaults.
    public func makeChain(filtersDirectory: String) throws(FilterConfigurationError) -> FilterChain {
        let context = FilterCatalog.Context(
            presetDirectory: (path as NSString).deletingLastPathComponent, filtersDirectory: filtersDirectory, presetPath: path)
        var built: [any DocumentFilter] = []
        for (name, options) in filters {
            guard let entry = FilterCatalog.entries[name] else { throw .unknownFilter(name, known: FilterCatalog.entries.keys.sorted()) }
            built.append(try entry.make(options, context))
        }
        return FilterChain(normalizer: normalization.map { TextNormalizer(form: $0) }, filters: built)
    }
}
