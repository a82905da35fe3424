/// Draws a uniform, seeded sample of lines from a stream of documents (reservoir sampling),
/// the sentences SentencePiece trains on.
///
/// Each document is cut into lines at `\n`; blank lines are passed over and lines longer than
/// `maxSentenceLength` bytes are counted and left out (SentencePiece would skip them, wasting a
/// slot of the sample). The same seed and the same documents give the same sample.
public struct SentenceSampler: Sendable {
    /// Most lines kept.
    public let capacity: Int
    /// Longest line kept, in bytes.
    public let maxSentenceLength: Int
    /// Documents seen.
    public private(set) var documents = 0
    /// Text bytes seen.
    public private(set) var bytes: Int64 = 0
    /// Non-empty lines seen (sampled or not), too-long ones included.
    public private(set) var lines = 0
    /// Lines left out for being longer than `maxSentenceLength`.
    public private(set) var tooLong = 0
    private var candidates = 0
    private var reservoir: [[UInt8]] = []
    private var random: SplitMix64

    /// A sampler keeping up to `capacity` lines of at most `maxSentenceLength` bytes.
    public init(capacity: Int, seed: UInt64, maxSentenceLength: Int) {
        self.capacity = max(1, capacity)
        self.maxSentenceLength = maxSentenceLength
        random = SplitMix64(seed: seed)
    }

    /// A sampler set up as `config` says.
    public init(config: TokenizerTrainingConfig) {
        self.init(capacity: config.inputSentenceSize, seed: config.seed, maxSentenceLength: config.maxSentenceLength)
    }

    /// Lines held now.
    public var sampled: Int { reservoir.count }

    /// Offers the lines of one document.
    public mutating func add(document text: String) {
        var text = text
        text.withUTF8 { add(utf8: UnsafeRawBufferPointer($0)) }
    }

    /// Offers the lines of one document given as UTF-8 bytes.
    public mutating func add(utf8 text: UnsafeRawBufferPointer) {
        documents += 1
        bytes += Int64(text.count)
        var start = 0
        while start < text.count {
            var end = start
            while end < text.count && text[end] != 0x0A { end += 1 }
            offer(UnsafeRawBufferPointer(rebasing: text[start..<end]))
            start = end + 1
        }
    }

    private mutating func offer(_ line: UnsafeRawBufferPointer) {
        var line = line
        if line.last == 0x0D { line = UnsafeRawBufferPointer(rebasing: line.dropLast()) }
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return }
        lines += 1
        guard line.count <= maxSentenceLength else { tooLong += 1; return }
        candidates += 1
        if reservoir.count < capacity {
            reservoir.append(Array(line))
        } else {
            // Algorithm R: the k-th candidate replaces a random slot with probability capacity/k.
            let slot = random.below(candidates)
            if slot < capacity { reservoir[slot] = Array(line) }
        }
    }

    /// The sample, shuffled with the seeded generator and packed end to end.
    public consuming func finish() -> SentenceSample {
        var order = reservoir
        reservoir = []
        for index in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(index, random.below(index + 1))
        }
        var text: [UInt8] = []
        text.reserveCapacity(order.reduce(0) { $0 + $1.count })
        var lengths: [Int] = []
        lengths.reserveCapacity(order.count)
        for index in order.indices {
            text.append(contentsOf: order[index])
            lengths.append(order[index].count)
            order[index] = []
        }
        return SentenceSample(text: text, lengths: lengths,
                              statistics: .init(documents: documents, bytes: bytes, lines: lines, tooLong: tooLong))
    }
}

/// The sampled lines, end to end in one buffer, in the (shuffled) order SentencePiece reads them.
public struct SentenceSample: Sendable, Equatable {
    /// What the sampler saw.
    public struct Statistics: Sendable, Equatable {
        /// Documents read.
        public var documents: Int
        /// Text bytes read.
        public var bytes: Int64
        /// Non-empty lines read.
        public var lines: Int
        /// Lines left out for being longer than the maximum sentence length.
        public var tooLong: Int

        /// Counts as given.
        public init(documents: Int, bytes: Int64, lines: Int, tooLong: Int) {
            self.documents = documents
            self.bytes = bytes
            self.lines = lines
            self.tooLong = tooLong
        }
    }

    /// The lines' bytes with no separators.
    public let text: [UInt8]
    /// Byte length of each line, in order.
    public let lengths: [Int]
    /// Counts from sampling.
    public let statistics: Statistics

    /// Number of lines.
    public var count: Int { lengths.count }

    /// The lines as strings (for tests and inspection; training uses the bytes).
    public var lines: [String] {
        var offset = 0
        return lengths.map { length in
            defer { offset += length }
            return String(decoding: text[offset..<offset + length], as: UTF8.self)
        }
    }
}

/// A small seeded generator (SplitMix64): the same seed gives the same sample on every machine.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0..<bound (bound > 0), by multiply-high: no division, a bias below 2^-32 here.
    mutating func below(_ bound: Int) -> Int {
        Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }
}
