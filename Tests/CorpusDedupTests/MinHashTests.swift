import CorpusCore
import CorpusDedup
import CorpusIngest
import CorpusTestSupport
import Foundation
import Testing

/// Random lowercase texts from a fixed vocabulary: their key is the text itself, so shingle
/// sets can be computed here by splitting on spaces.
struct MinHashText {
    private var random: SplitMix64
    private let vocabulary: [String]

    init(seed: UInt64) {
        var letters = SplitMix64(seed: seed)
        var words: [String] = []
        for _ in 0..<4000 {
            let length = 3 + Int(letters.next() % 7)
            words.append(String((0..<length).map { _ in Character(Unicode.Scalar(UInt8(97 + letters.next() % 26))) }))
        }
        vocabulary = words
        random = letters
    }

    mutating func word() -> String { vocabulary[Int(random.next() % UInt64(vocabulary.count))] }

    mutating func words(_ count: Int) -> [String] { (0..<count).map { _ in word() } }

    /// `words` with `count` words replaced at evenly spaced positions.
    mutating func substituting(_ count: Int, in words: [String]) -> [String] {
        var out = words
        for k in 0..<count { out[(k * words.count) / count + 2] = "zz" + word() }
        return out
    }
}

/// Helpers of the MinHash tests.
enum MinHashCheck {
    /// The word n-gram set of a lowercase, single-spaced text (its key is itself).
    static func shingles(_ text: String, n: Int = 5) -> Set<String> {
        let words = text.split(separator: " ").map(String.init)
        guard words.count >= n else { return [words.joined(separator: " ")] }
        return Set((0...(words.count - n)).map { words[$0..<($0 + n)].joined(separator: " ") })
    }

    /// The true Jaccard similarity of two texts' 5-gram sets.
    static func jaccard(_ a: String, _ b: String) -> Double {
        let x = shingles(a), y = shingles(b)
        return Double(x.intersection(y).count) / Double(x.union(y).count)
    }

    /// Whether two texts are candidates: equal hashes in at least one band.
    static func sharesBand(_ method: MinHashDedup, _ a: String, _ b: String) -> Bool {
        let one = method.signatures(of: MinHashCheck.document(a), ordinal: DocumentOrdinal(rawValue: 0))
        let two = method.signatures(of: MinHashCheck.document(b), ordinal: DocumentOrdinal(rawValue: 1))
        return zip(one, two).contains { $0.bandHash == $1.bandHash }
    }

    static func document(_ text: String) -> Document {
        Document(id: "d", text: text, metadata: DocumentMetadata(sourceFile: "t", recordIndex: 0, byteOffset: 0))
    }
}

@Suite("MinHash LSH near-duplicate dedup")
struct MinHashTests {
    let method: MinHashDedup

    init() throws { method = try MinHashDedup() }

    @Test("identical documents collide in every band, whatever their case and punctuation")
    func identical() {
        var random = MinHashText(seed: 1)
        let text = random.words(300).joined(separator: " ")
        let one = method.signatures(of: MinHashCheck.document(text), ordinal: DocumentOrdinal(rawValue: 0))
        let shouted = method.signatures(of: MinHashCheck.document(text.uppercased() + "!!"), ordinal: DocumentOrdinal(rawValue: 1))
        #expect(one.count == 14)
        #expect(one.map(\.bandHash) == shouted.map(\.bandHash))
    }

    @Test("a copy with one word in 200 changed collides")
    func oneWordChanged() {
        var random = MinHashText(seed: 2)
        let words = random.words(200)
        var copy = words
        copy[117] = "different"
        #expect(MinHashCheck.jaccard(words.joined(separator: " "), copy.joined(separator: " ")) > 0.94)
        #expect(MinHashCheck.sharesBand(method, words.joined(separator: " "), copy.joined(separator: " ")))
    }

    @Test("unrelated documents share no band")
    func unrelated() {
        var random = MinHashText(seed: 3)
        for _ in 0..<20 {
            #expect(!MinHashCheck.sharesBand(method, random.words(300).joined(separator: " "), random.words(300).joined(separator: " ")))
        }
    }

    @Test("an empty key gives no signatures; a text shorter than n words is one shingle")
    func shortTexts() throws {
        #expect(method.signatures(of: MinHashCheck.document("  ... !!! "), ordinal: DocumentOrdinal(rawValue: 0)).isEmpty)
        #expect(method.sketcher.minima(of: "").isEmpty)
        #expect(method.signatures(of: MinHashCheck.document("two words"), ordinal: DocumentOrdinal(rawValue: 0)).count == 14)
        #expect(MinHashCheck.sharesBand(method, "Two words.", "two   WORDS"))
        #expect(!MinHashCheck.sharesBand(method, "two words", "two wordz"))
    }

    @Test("refuses bands, rows or n-gram sizes out of range")
    func validation() {
        #expect(throws: DedupError.self) { try MinHashDedup(bands: 0) }
        #expect(throws: DedupError.self) { try MinHashDedup(bands: 65) }
        #expect(throws: DedupError.self) { try MinHashDedup(rows: 33) }
        #expect(throws: DedupError.self) { try MinHashDedup(ngramSize: 0) }
        #expect((try? MinHashDedup(bands: 20, rows: 5, ngramSize: 3))?.sketcher.permutations == 100)
        var options = DedupMethodOptions()
        options.minhashBands = 9
        options.minhashRows = 13
        #expect((try? DedupMethodName.minhash.make(options))?.name == "minhash")
    }

    @Test("signatures are the same from run to run and for any worker count")
    func deterministic() throws {
        var random = MinHashText(seed: 4)
        let documents = (0..<64).map { MinHashCheck.document(random.words(50 + $0 * 7).joined(separator: " ")) }
        let other = try MinHashDedup()
        let serial = documents.enumerated().map { method.signatures(of: $1, ordinal: DocumentOrdinal(rawValue: UInt64($0))) }
        let parallel = ParallelMap.map(Array(documents.enumerated()), workers: 4) {
            other.signatures(of: $0.element, ordinal: DocumentOrdinal(rawValue: UInt64($0.offset)))
        }
        #expect(serial.map { $0.map(\.bandHash) } == parallel.map { $0.map(\.bandHash) })
        #expect(serial.map { $0.map(\.ordinal) } == parallel.map { $0.map(\.ordinal) })
        let reseeded = try MinHashDedup(seed: 2).signatures(of: documents[0], ordinal: DocumentOrdinal(rawValue: 0))
        #expect(reseeded.map(\.bandHash) != serial[0].map(\.bandHash))
    }

    /// Each minimum agrees with probability J, so the agreeing fraction of 112 is binomial with
    /// standard deviation sqrt(J(1-J)/112) ≤ 0.047; averaged over six independent pairs it is at
    /// most 0.019. Four of those (0.077 at J = 0.5, less elsewhere) is the tolerance.
    @Test("the fraction of equal minima estimates the 5-gram Jaccard similarity")
    func estimatesJaccard() {
        var random = MinHashText(seed: 5)
        for substitutions in [9, 26, 42] {
            var estimated = 0.0, truth = 0.0
            let pairs = 6
            for _ in 0..<pairs {
                let base = random.words(400)
                let a = base.joined(separator: " ")
                let b = random.substituting(substitutions, in: base).joined(separator: " ")
                let x = method.sketcher.minima(of: a), y = method.sketcher.minima(of: b)
                estimated += Double(zip(x, y).filter { $0 == $1 }.count) / Double(x.count)
                truth += MinHashCheck.jaccard(a, b)
            }
            estimated /= Double(pairs)
            truth /= Double(pairs)
            let tolerance = 4 * (truth * (1 - truth) / Double(112 * pairs)).squareRoot()
            #expect(abs(estimated - truth) <= tolerance, "J \(truth): estimated \(estimated)")
        }
    }

    @Test("union-find joins transitively and roots each cluster at its smallest ordinal")
    func unionFind() {
        var sets = UnionFind()
        sets.union(7, 9)
        sets.union(9, 3)
        sets.union(20, 21)
        sets.union(21, 20)
        sets.union(4, 4)
        #expect(sets.find(7) == 3)
        #expect(sets.find(5) == 5)
        #expect(sets.clusters() == [[3, 7, 9], [20, 21]])
    }
}
