import CorpusCore

/// URL dedup as C4 does it: pages whose normalized URLs are equal are copies, and the newest
/// (greatest crawl date, compared as text the way the reference compares timestamps) stays;
/// among equally new pages the first in corpus order stays. Documents without a URL are kept.
/// Reason: `duplicate_url`.
public struct URLDedup: DedupMethod {
    /// One page's normalized-URL hash and crawl date.
    public struct Signature: SortRecord {
        var url: Digest128
        /// The crawl date's first 32 UTF-8 bytes, NUL-padded, big-endian, bits inverted so the
        /// ascending sort puts the newest first.
        var inverseDate: (UInt64, UInt64, UInt64, UInt64)
        var ordinal: UInt64

        public var partitionHash: UInt64 { url.high }

        public static func < (a: Self, b: Self) -> Bool {
            if a.url != b.url { return a.url < b.url }
            if a.inverseDate != b.inverseDate { return a.inverseDate < b.inverseDate }
            return a.ordinal < b.ordinal
        }

        public static func == (a: Self, b: Self) -> Bool {
            a.url == b.url && a.inverseDate == b.inverseDate && a.ordinal == b.ordinal
        }
    }

    /// URL dedup with C4's normalization.
    public init() {}

    public var name: String { "url" }

    public func signatures(of document: Document, ordinal: DocumentOrdinal) -> [Signature] {
        guard let url = document.url else { return [] }
        return [Signature(url: Hashing.xxh128(Self.normalize(url)),
                          inverseDate: Self.inverseDate(document.metadata.crawlDate ?? ""), ordinal: ordinal.rawValue)]
    }

    public func makeReducer() -> FirstOfGroupReducer<Signature> {
        FirstOfGroupReducer(sameGroup: { $0.url == $1.url }, ordinal: { $0.ordinal })
    }

    public func apply(_ decisions: [Decision], to document: inout Document, details: inout Tally) -> DedupVerdict {
        .removed(by: decisions, reason: "duplicate_url")
    }

    /// C4's `normalize_url`: every `http://`, `https://` (with a following `www.`) removed, the
    /// query from the first `?utm_`, `?ref` or `?feed` on cut, trailing slashes stripped.
    public static func normalize(_ url: String) -> String {
        var bytes = Array(url.utf8)
        bytes = removingSchemes(bytes)
        bytes = cuttingTrackingQueries(bytes)
        while bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `re.sub(r"https?:\/\/(www\.)?", "", url)`.
    private static func removingSchemes(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if let end = schemeEnd(bytes, at: i) {
                i = end
                continue
            }
            out.append(bytes[i])
            i += 1
        }
        return out
    }

    private static func schemeEnd(_ bytes: [UInt8], at i: Int) -> Int? {
        guard var j = end(of: "http", in: bytes, at: i) else { return nil }
        if let s = end(of: "s", in: bytes, at: j) { j = s }
        guard let afterSlashes = end(of: "://", in: bytes, at: j) else { return nil }
        return end(of: "www.", in: bytes, at: afterSlashes) ?? afterSlashes
    }

    /// `re.sub(r"\?(utm_|ref|feed).*", "", url)`: `.` stops at a newline, so each match runs
    /// to the next newline.
    private static func cuttingTrackingQueries(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "?") && ["utm_", "ref", "feed"].contains(where: { end(of: $0, in: bytes, at: i + 1) != nil }) {
                while i < bytes.count && bytes[i] != UInt8(ascii: "\n") { i += 1 }
                continue
            }
            out.append(bytes[i])
            i += 1
        }
        return out
    }

    /// Where `literal` ends if it occurs in `bytes` at `start`, else nil.
    private static func end(of literal: String, in bytes: [UInt8], at start: Int) -> Int? {
        let needle = Array(literal.utf8)
        guard start + needle.count <= bytes.count, bytes[start..<start + needle.count].elementsEqual(needle) else { return nil }
        return start + needle.count
    }

    static func inverseDate(_ date: String) -> (UInt64, UInt64, UInt64, UInt64) {
        var padded = [UInt8](repeating: 0, count: 32)
        for (index, byte) in date.utf8.prefix(32).enumerated() { padded[index] = byte }
        func word(_ k: Int) -> UInt64 {
            padded[(8 * k)..<(8 * k + 8)].reduce(0) { $0 << 8 | UInt64($1) }
        }
        return (~word(0), ~word(1), ~word(2), ~word(3))
    }
}
