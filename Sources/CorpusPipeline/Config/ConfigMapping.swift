import Yams

/// One YAML mapping of a config being read: typed getters that remember which keys were
/// asked for, so `finish()` can refuse the rest as unknown, and errors that carry the line of
/// the key or value at fault.
struct ConfigMapping {
    /// What the mapping is, for messages ("stage \"clean\"", "the pipeline").
    let context: String
    /// The mapping's own line.
    let line: Int
    private let entries: [(key: String, keyLine: Int, value: Node)]
    private var asked: [String] = []

    /// Reads `node`, which must be a mapping with string keys.
    init(_ node: Node, context: String) throws(ConfigProblem) {
        self.context = context
        line = node.mark?.line ?? 0
        guard let mapping = node.mapping else {
            throw ConfigProblem(line: line, message: "\(context) must be a mapping of `key: value` lines")
        }
        var entries: [(String, Int, Node)] = []
        for (key, value) in mapping {
            guard let name = key.string else { throw ConfigProblem(line: key.mark?.line ?? line, message: "\(context): keys must be names") }
            entries.append((name, key.mark?.line ?? line, value))
        }
        self.entries = entries
    }

    /// The root node of a config's YAML text; syntax errors carry their line.
    static func compose(_ yaml: String) throws(ConfigProblem) -> Node {
        do {
            guard let node = try Yams.compose(yaml: yaml) else { throw ConfigProblem(line: 0, message: "the file is empty") }
            return node
        } catch let problem as ConfigProblem {
            throw problem
        } catch let error as YamlError {
            throw ConfigProblem(line: line(of: error), message: "not valid YAML: \(error)")
        } catch {
            throw ConfigProblem(line: 0, message: "not valid YAML: \(error)")
        }
    }

    private static func line(of error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: 0
        }
    }

    /// The value node of `key`, marking the key as known.
    mutating func node(_ key: String) -> Node? {
        asked.append(key)
        return entries.first { $0.key == key }?.value
    }

    /// The line of `key`'s value (or of the mapping when it is absent), for later checks.
    func line(of key: String) -> Int {
        entries.first { $0.key == key }.map { $0.value.mark?.line ?? $0.keyLine } ?? line
    }

    /// The line of every key's value, by key.
    var valueLines: [String: Int] {
        Dictionary(entries.map { ($0.key, $0.value.mark?.line ?? $0.keyLine) }, uniquingKeysWith: { first, _ in first })
    }

    /// Whether `key` is present.
    func has(_ key: String) -> Bool { entries.contains { $0.key == key } }

    /// A problem with `key`'s value.
    func problem(_ key: String, _ message: String) -> ConfigProblem {
        ConfigProblem(line: line(of: key), message: "\(context): \(key): \(message)")
    }

    /// Refuses every key no getter asked for, naming the accepted ones.
    func finish() throws(ConfigProblem) {
        for entry in entries where !asked.contains(entry.key) {
            throw ConfigProblem(line: entry.keyLine, message: "\(context): unknown key \"\(entry.key)\" "
                + "(accepted: \(asked.joined(separator: ", ")))")
        }
    }

    // MARK: Typed getters

    mutating func string(_ key: String) throws(ConfigProblem) -> String? {
        guard let node = node(key) else { return nil }
        guard let scalar = node.scalar else { throw problem(key, "expected a text value") }
        return scalar.string
    }

    mutating func string(_ key: String, default value: String) throws(ConfigProblem) -> String {
        try string(key) ?? value
    }

    /// A value among `choices`.
    mutating func choice(_ key: String, _ choices: [String], default value: String) throws(ConfigProblem) -> String {
        let text = try string(key, default: value)
        guard choices.contains(text) else { throw problem(key, "\"\(text)\" is not one of \(choices.joined(separator: ", "))") }
        return text
    }

    mutating func int(_ key: String) throws(ConfigProblem) -> Int? {
        guard let node = node(key) else { return nil }
        guard let value = node.int else { throw problem(key, "expected a whole number, got \"\(node.scalar?.string ?? "a list or mapping")\"") }
        return value
    }

    /// A whole number in `range`.
    mutating func int(_ key: String, default value: Int, in range: ClosedRange<Int>) throws(ConfigProblem) -> Int {
        let number = try int(key) ?? value
        guard range.contains(number) else {
            let expected = range.upperBound == Int.max ? "a number of at least \(range.lowerBound)" : describe(range)
            throw problem(key, "\(number) is out of range; use \(expected)")
        }
        return number
    }

    mutating func uint64(_ key: String, default value: UInt64) throws(ConfigProblem) -> UInt64 {
        guard let number = try int(key) else { return value }
        guard number >= 0 else { throw problem(key, "\(number) is negative; use a number from 0") }
        return UInt64(number)
    }

    /// A number in `range`.
    mutating func double(_ key: String, default value: Double, in range: ClosedRange<Double>) throws(ConfigProblem) -> Double {
        guard let node = node(key) else { return value }
        guard let number = node.float ?? node.int.map(Double.init) else { throw problem(key, "expected a number") }
        guard range.contains(number) else { throw problem(key, "\(number) is out of range; use \(describe(range))") }
        return number
    }

    mutating func bool(_ key: String, default value: Bool) throws(ConfigProblem) -> Bool {
        guard let node = node(key) else { return value }
        guard let flag = node.bool else { throw problem(key, "expected true or false") }
        return flag
    }

    /// A list of text values; a single value counts as a list of one.
    mutating func strings(_ key: String) throws(ConfigProblem) -> [String]? {
        guard let node = node(key) else { return nil }
        if let sequence = node.sequence {
            var values: [String] = []
            for item in sequence {
                guard let scalar = item.scalar else { throw problem(key, "expected a list of text values") }
                values.append(scalar.string)
            }
            return values
        }
        guard let scalar = node.scalar else { throw problem(key, "expected a list of text values") }
        return [scalar.string]
    }

    private func describe<T>(_ range: ClosedRange<T>) -> String {
        "a value in \(range.lowerBound)...\(range.upperBound)"
    }
}
