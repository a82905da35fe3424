import CorpusTokenizer
import Testing

@Suite("sentence sampler")
struct SamplerTests {
    @Test("keeps every non-empty line of a small input, dropping blank and too-long lines and counting them")
    func keepsAll() {
        var sampler = SentenceSampler(capacity: 100, seed: 1, maxSentenceLength: 12)
        sampler.add(document: "first line\n\n  \t\r\nsecond\r\nthis one is far too long\nthird")
        sampler.add(document: "")
        let sample = sampler.finish()
        #expect(sample.lines.sorted() == ["first line", "second", "third"])
        #expect(sample.statistics == .init(documents: 2, bytes: 55, lines: 4, tooLong: 1))
        #expect(sample.text.count == sample.lengths.reduce(0, +))
    }

    @Test("samples at most the capacity, about uniformly over the input, the same for the same seed")
    func reservoir() {
        func sample(seed: UInt64) -> [String] {
            var sampler = SentenceSampler(capacity: 1000, seed: seed, maxSentenceLength: 100)
            for document in 0..<1000 {
                sampler.add(document: (0..<10).map { "line \(document * 10 + $0)" }.joined(separator: "\n"))
            }
            return sampler.finish().lines
        }
        let lines = sample(seed: 3)
        #expect(lines.count == 1000 && Set(lines).count == 1000)
        #expect(lines == sample(seed: 3))
        #expect(lines != sample(seed: 4))
        let firstHalf = lines.filter { Int($0.dropFirst(5))! < 5000 }.count
        #expect((400...600).contains(firstHalf))
        #expect(lines != lines.sorted { Int($0.dropFirst(5))! < Int($1.dropFirst(5))! })
    }
}
