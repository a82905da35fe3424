import CorpusCore

/// C4's bad-words filter (`get_badwords_filter_fn` in `c4_utils.py`): drops a page whose
/// lowercased text contains a word of its language's list (LDNOOBW). Reason: `bad_words`.
///
/// The page's language is `metadata.language` (its part before `-`), set by a language-ID
/// stage, or `default_language` when none ran. For most languages a word counts only when it
/// stands alone: `(?:\W|^)(w1|w2|...)(?:\W|$)` on `text.lower()`, with Unicode `\W`. For
/// Japanese, Thai and Chinese (no spaces between words) any occurrence counts, as in the
/// reference. Pages in a language with no list pass.
///
/// Differences from the reference: blank lines in a list are ignored (the reference would turn
/// one into an empty alternative that matches every page), and the reference's
/// `badwords_filter_fraction` (keep a hashed share of bad-word pages) is not offered; C4 `en`
/// uses 1.0, drop them all.
public struct BadWordsFilter: DocumentFilter {
    /// The settings of the bad-words filter.
    public struct Options: FilterOptions {
        /// Word-list files by language code, relative to the preset's folder.
        public var lists: [String: String]
        /// The language assumed for documents no language-ID stage has tagged.
        public var defaultLanguage: String?
        /// Words removed from a language's list (C4 allows `sm`, `グロ`, `女の子` in Japanese, `性` in Chinese).
        public var allow: [String: [String]]

        /// No lists: every page passes.
        public init(lists: [String: String] = [:], defaultLanguage: String? = nil, allow: [String: [String]] = [:]) {
            self.lists = lists
            self.defaultLanguage = defaultLanguage
            self.allow = allow
        }

        enum CodingKeys: String, CodingKey { case lists, defaultLanguage = "default_language", allow }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            lists = try c.decodeIfPresent([String: String].self, forKey: .lists) ?? [:]
            defaultLanguage = try c.decodeIfPresent(String.self, forKey: .defaultLanguage)
            allow = try c.decodeIfPresent([String: [String]].self, forKey: .allow) ?? [:]
        }

        public static let acceptedKeys = ["lists", "default_language", "allow"]

        public func validate() throws(FilterConfigurationError) {
            if lists.isEmpty {
                throw .invalidValue(filter: "bad_words", key: "lists", value: "{}", expected: "at least one language: path")
            }
        }
    }

    public let name = "bad_words"
    private let matchers: [String: PhraseMatcher]
    private let defaultLanguage: String?

    /// Loads the lists named in `options`, resolving paths against `directory`.
    public init(options: Options, directory: String) throws(FilterConfigurationError) {
        var matchers: [String: PhraseMatcher] = [:]
        for (language, path) in options.lists {
            let allowed = Set(options.allow[language] ?? [])
            let words = try ListFile.entries(at: ListFile.resolve(path, against: directory), comments: false)
                .filter { !allowed.contains($0) }
            let spaceless = ["ja", "th", "zh"].contains(language)
            matchers[language] = PhraseMatcher(phrases: words, wholeWords: !spaceless)
        }
        self.init(matchers: matchers, defaultLanguage: options.defaultLanguage)
    }

    /// A filter over word lists given directly, by language code.
    public init(words: [String: [String]], defaultLanguage: String? = nil) {
        var matchers: [String: PhraseMatcher] = [:]
        for (language, list) in words {
            matchers[language] = PhraseMatcher(phrases: list, wholeWords: !["ja", "th", "zh"].contains(language))
        }
        self.init(matchers: matchers, defaultLanguage: defaultLanguage)
    }

    private init(matchers: [String: PhraseMatcher], defaultLanguage: String?) {
        self.matchers = matchers
        self.defaultLanguage = defaultLanguage
    }

    public func apply(to document: inout Document) -> Verdict {
        guard let tag = document.metadata.language ?? defaultLanguage else { return .keep }
        let language = tag.split(separator: "-", maxSplits: 1).first.map(String.init) ?? tag
        guard let matcher = matchers[language] else { return .keep }
        return matcher.matches(PythonLowercase.lowered(document.text)) ? .drop(reason: "bad_words") : .keep
    }
}

/// Python's `str.lower()`: ASCII by table, anything else by the full Unicode lowercase mapping.
public enum PythonLowercase {
    /// `text.lower()`, for keys that must match the ones Python reference code computes.
    public static func lowered(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
        }
        // Swift's `lowercased()` maps each scalar alone; Python lowers a capital sigma to the
        // final form `ς` at the end of a word (Unicode's Final_Sigma context), as below.
        guard text.unicodeScalars.contains("\u{3A3}") else { return text.lowercased() }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\u{3A3}" {
                out.append(isFinalSigma(scalars, at: index) ? "\u{3C2}" : "\u{3C3}")
            } else {
                out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(out)
    }

    /// CPython's `handle_capital_sigma`: cased, case-ignorables, Σ, and no case-ignorables
    /// followed by a cased letter.
    private static func isFinalSigma(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        var before = index - 1
        while before >= 0, scalars[before].properties.isCaseIgnorable { before -= 1 }
        guard before >= 0, scalars[before].properties.isCased else { return false }
        var after = index + 1
        while after < scalars.count, scalars[after].properties.isCaseIgnorable { after += 1 }
        return after == scalars.count || !scalars[after].properties.isCased
    }
}
