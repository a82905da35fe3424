import CorpusCore

/// Drops documents whose URL's host, or any domain above it, is on a block list
/// (`ads.example.com` is blocked by an entry `example.com`). Reason: `blocked_domain`.
///
/// List files hold one domain per line (`#` starts a comment line); entries are lowercased,
/// and a leading `*.` or `.` is ignored. Documents without a URL pass.
public struct URLBlocklistFilter: DocumentFilter {
    /// The settings of the block list.
    public struct Options: FilterOptions {
        /// Domain-list files, relative to the preset's folder.
        public var lists: [String]
        /// Domains given inline in the preset.
        public var domains: [String]

        /// An empty block list.
        public init(lists: [String] = [], domains: [String] = []) {
            self.lists = lists
            self.domains = domains
        }

        enum CodingKeys: String, CodingKey { case lists, domains }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            lists = try c.decodeIfPresent([String].self, forKey: .lists) ?? []
            domains = try c.decodeIfPresent([String].self, forKey: .domains) ?? []
        }

        public static let acceptedKeys = ["lists", "domains"]

        public func validate() throws(FilterConfigurationError) {
            if lists.isEmpty && domains.isEmpty {
                throw .invalidValue(filter: "url_blocklist", key: "lists", value: "[]", expected: "a list file or inline domains")
            }
        }
    }

    public let name = "url_blocklist"
    private let blocked: Set<String>

    /// Loads the lists in `options`, resolving paths against `directory`.
    public init(options: Options, directory: String) throws(FilterConfigurationError) {
        var domains = options.domains
        for path in options.lists {
            domains += try ListFile.entries(at: ListFile.resolve(path, against: directory), comments: true)
        }
        self.init(domains: domains)
    }

    /// A filter blocking `domains`.
    public init(domains: [String]) {
        blocked = Set(domains.map { entry in
            var domain = Substring(entry.lowercased())
            if domain.hasPrefix("*.") { domain = domain.dropFirst(2) } else if domain.hasPrefix(".") { domain = domain.dropFirst() }
            return String(domain)
        })
    }

    public func apply(to document: inout Document) -> Verdict {
        guard let url = document.url, let host = URLHost.of(url) else { return .keep }
        var domain = Substring(host)
        while true {
            if blocked.contains(String(domain)) { return .drop(reason: "blocked_domain") }
            guard let dot = domain.firstIndex(of: ".") else { return .keep }
            domain = domain[domain.index(after: dot)...]
        }
    }
}

/// The host part of a URL, lowercased, without user info, port or a trailing dot.
enum URLHost {
    static func of(_ url: String) -> String? {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        if let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if rest.hasPrefix("[") { return nil }  // IPv6 literal: not a domain
        if let colon = rest.lastIndex(of: ":") { rest = rest[..<colon] }
        while rest.hasSuffix(".") { rest = rest.dropLast() }
        return rest.isEmpty ? nil : rest.lowercased()
    }
}
