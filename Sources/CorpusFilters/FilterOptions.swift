/// The tunable settings of one filter, as written in a preset (`Filters/presets/*.yaml`).
///
/// Every field has the default a preset gets when it leaves the field out; keys are
/// snake_case. The preset loader rejects keys not in `acceptedKeys` before any input is read.
public protocol FilterOptions: Codable, Sendable, Equatable {
    /// The keys a preset may set for this filter.
    static var acceptedKeys: [String] { get }
    /// Checks ranges (fractions within 0...1, positive lengths); called before any input is read.
    func validate() throws(FilterConfigurationError)
}

/// Why a filter configuration was refused.
public enum FilterConfigurationError: Error, Equatable, CustomStringConvertible {
    /// A setting is outside its allowed range.
    case invalidValue(filter: String, key: String, value: String, expected: String)
    /// A key the filter does not know (most often a typo).
    case unknownKey(filter: String, key: String, accepted: [String])
    /// A filter name no filter has.
    case unknownFilter(String, known: [String])
    /// A data file (word list, URL list, model parameters) could not be read or parsed.
    case dataFile(path: String, reason: String)
    /// The preset file itself is malformed.
    case malformedPreset(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidValue(let filter, let key, let value, let expected):
            "\(filter).\(key) = \(value): expected \(expected)"
        case .unknownKey(let filter, let key, let accepted):
            "\(filter): unknown key \"\(key)\" (accepted: \(accepted.joined(separator: ", ")))"
        case .unknownFilter(let name, let known):
            "unknown filter \"\(name)\" (known: \(known.joined(separator: ", ")))"
        case .dataFile(let path, let reason):
            "\(path): \(reason)"
        case .malformedPreset(let path, let reason):
            "\(path): \(reason)"
        }
    }
}

extension FilterOptions {
    /// Throws unless `value` lies in `range`; for `validate()` implementations.
    public static func require<T: Comparable & CustomStringConvertible>(
        _ value: T, in range: ClosedRange<T>, filter: String, key: String
    ) throws(FilterConfigurationError) {
        guard range.contains(value) else {
            throw .invalidValue(filter: filter, key: key, value: value.description,
                                expected: "a value in \(range.lowerBound)...\(range.upperBound)")
        }
    }
}
