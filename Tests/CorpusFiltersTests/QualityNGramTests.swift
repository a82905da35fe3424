import Testing
@testable import CorpusFilters

@Suite("Quality: n-gram fingerprints and counts")
struct QualityNGramTests {
    /// Counts `items` in a table where every fingerprint collides, comparing items exactly.
    func countWithCollisions(_ items: [String]) -> (new: [Bool], best: (first: Int, count: Int)) {
        var table = FingerprintTable()
        table.reset(capacity: items.count)
        let new = table.recording { recorder in
            items.indices.map { i in recorder.record(42, at: i) { first in items[first] == items[i] } }
        }
        return (new, table.best)
    }

    @Test("n-grams whose fingerprints collide are told apart by their exact comparison")
    func collisionsAreResolvedExactly() {
        let (new, best) = countWithCollisions(["a", "b", "a", "c", "b", "b"])
        #expect(new == [true, true, false, true, false, false])
        #expect(best.first == 1 && best.count == 3)
    }

    @Test("the most frequent entry is the first seen among equally frequent ones")
    func tiesGoToTheFirstSeen() {
        #expect(countWithCollisions(["x", "y", "y", "x"]).best == (0, 2))
        #expect(countWithCollisions(["x", "y", "z"]).best == (0, 1))
    }

    @Test("a reset table forgets what the previous n counted")
    func resetForgetsEarlierEntries() {
        var table = FingerprintTable()
        table.reset(capacity: 4)
        #expect(table.recording { $0.record(7, at: 0) { _ in true } })
        table.reset(capacity: 4)
        #expect(table.recording { $0.record(7, at: 0) { _ in true } })
        #expect(table.best == (0, 1))
    }

    @Test("the hash of words joined with nothing equals the hash of the joined text")
    func prefixHashesAgreeWithTheJoinedText() {
        let words = EnglishWordSplitter.shared.words(in: "ab c a bc (x) naïve 😀 ok")
        let prefixes = PolynomialHash.wordPrefixes(words, WordVocabulary(words))
        let strings = words.strings
        for i in strings.indices {
            for j in (i + 1)...strings.count {
                let joined = Array(strings[i..<j].joined().unicodeScalars)
                var direct: UInt64 = 0
                for scalar in joined {
                    direct = PolynomialHash.reduce(PolynomialHash.multiply(direct, PolynomialHash.base) + UInt64(scalar.value) + 1)
                }
                #expect(PolynomialHash.slice(prefixes[i], prefixes[j], power: PolynomialHash.power(joined.count)) == direct)
            }
        }
    }

    @Test("powers beyond the tables are the repeated product of the base")
    func powersBeyondTheTables() {
        var expected: UInt64 = 1
        for e in 0...(4096 * 2 + 5) {
            #expect(PolynomialHash.power(e) == expected, "B^\(e)")
            expected = PolynomialHash.multiply(expected, PolynomialHash.base)
        }
        let big = 4096 * 4096 + 17
        #expect(PolynomialHash.power(big) == PolynomialHash.multiply(PolynomialHash.power(big - 1), PolynomialHash.base))
    }

    @Test("duplicated n-grams compare joined text, so different word boundaries still repeat")
    func joinedTextIgnoresWordBoundaries() {
        let words = EnglishWordSplitter.shared.words(in: "ab c x a bc y")
        let nGrams = NGramRepetition(words, WordVocabulary(words)).preparingJoinedText()
        var table = FingerprintTable()
        // "abc" (ab c) is seen again as "abc" (a bc): 3 characters repeat.
        #expect(nGrams.duplicatedNGramCharacters(n: 2, table: &table) == 3)
        // With spaces "ab c" and "a bc" differ: every 2-gram occurs once, the first wins.
        #expect(nGrams.topNGramCharacters(n: 2, table: &table) == 4)
        #expect(nGrams.topNGramCharacters(n: 7, table: &table) == nil)
    }

    @Test("the most frequent spaced n-gram counts its spaces and every occurrence")
    func topNGramCountsOverlappingOccurrences() {
        let words = EnglishWordSplitter.shared.words(in: "go go go go stop")
        let nGrams = NGramRepetition(words, WordVocabulary(words))
        var table = FingerprintTable()
        #expect(nGrams.topNGramCharacters(n: 2, table: &table) == 5 * 3)
        #expect(nGrams.topNGramCharacters(n: 5, table: &table) == 16)
    }

    /// datatrove's `find_top_duplicate(get_n_grams(words, n))` on strings.
    static func referenceTop(_ words: [String], n: Int) -> Int? {
        guard words.count >= n else { return nil }
        var counts: [String: Int] = [:]
        var order: [String] = []
        for i in 0...(words.count - n) {
            let gram = words[i..<(i + n)].joined(separator: " ")
            if counts[gram] == nil { order.append(gram) }
            counts[gram, default: 0] += 1
        }
        var best = (gram: "", count: 0)
        for gram in order where counts[gram, default: 0] > best.count { best = (gram, counts[gram, default: 0]) }
        return best.gram.unicodeScalars.count * best.count
    }

    /// datatrove's `find_all_duplicate(words, n)` on strings.
    static func referenceDuplicated(_ words: [String], n: Int) -> Int {
        var seen = Set<String>()
        var repeated = 0
        var i = 0
        while i < words.count - n + 1 {
            let gram = words[i..<(i + n)].joined()
            if seen.contains(gram) {
                repeated += gram.unicodeScalars.count
                i += n
            } else {
                seen.insert(gram)
                i += 1
            }
        }
        return repeated
    }

    @Test("counts, screens and bounds agree with datatrove's string functions on random texts")
    func agreesWithTheStringFunctions() {
        // Short words that concatenate ambiguously ("ab" "a" and "a" "ba"), so joined texts often
        // repeat across different word boundaries; a fixed generator keeps the cases the same.
        let pieces = ["a", "b", "ab", "ba", "aba", "bab", "ü", "x"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33) % bound
        }
        for _ in 0..<300 {
            let text = (0..<next(80)).map { _ in pieces[next(pieces.count)] }.joined(separator: " ")
            let words = EnglishWordSplitter.shared.words(in: text)
            let strings = words.strings
            let nGrams = NGramRepetition(words, WordVocabulary(words)).preparingJoinedText()
            var table = FingerprintTable()
            for n in 1...10 {
                let top = nGrams.topNGramCharacters(n: n, table: &table)
                #expect(top == Self.referenceTop(strings, n: n), "top \(n) of \(text)")
                #expect(nGrams.topNGramCharactersBound(n: n) >= top ?? 0, "bound \(n) of \(text)")
                #expect(nGrams.duplicatedNGramCharacters(n: n, table: &table) == Self.referenceDuplicated(strings, n: n), "dup \(n) of \(text)")
            }
        }
    }

    @Test("the screen passes every fingerprint that occurs twice")
    func screenKeepsRepeatedFingerprints() {
        let fingerprints: [UInt64] = [1, 2, 3, 2, 99, 1 << 40, 1 << 40]
        fingerprints.withUnsafeBufferPointer { buffer in
            let screen = RepeatScreen(buffer)
            #expect(screen.mayRepeat(2) && screen.mayRepeat(1 << 40))
            #expect(screen.candidates >= 4)
        }
        [UInt64]([5, 6, 7]).withUnsafeBufferPointer { buffer in
            let screen = RepeatScreen(buffer)
            // 512 buckets for 3 fingerprints: these three fall in different ones.
            #expect(screen.candidates == 0 && !screen.mayRepeat(5))
        }
    }
}
