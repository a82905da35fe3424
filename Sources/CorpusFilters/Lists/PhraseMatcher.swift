/// Finds any of a fixed set of phrases in UTF-8 text in one pass (an Aho–Corasick automaton
/// over bytes), optionally only where the phrase stands as a whole word.
///
/// "Whole word" means what `(?:\W|^)(phrase)(?:\W|$)` means in Python's `re` on `str`: the
/// code points just before and after the phrase, when there are any, are not word characters
/// (`PythonText.isWordCharacter`).
public struct PhraseMatcher: Sendable {
    private let transitions: [Int32]        // state * 256 + byte -> next state
    private let outputs: [[Int32]]          // state -> byte lengths of phrases ending here
    private let wholeWords: Bool

    /// The number of distinct, non-empty phrases the matcher looks for.
    public let phraseCount: Int

    /// Builds a matcher for `phrases` (empty phrases are ignored).
    public init(phrases: some Sequence<String>, wholeWords: Bool) {
        self.wholeWords = wholeWords
        var goto: [[Int32]] = [[Int32](repeating: -1, count: 256)]
        var outputs: [[Int32]] = [[]]
        var distinct = Set<String>()
        for phrase in phrases where !phrase.isEmpty && distinct.insert(phrase).inserted {
            var state = 0
            for byte in phrase.utf8 {
                let next = goto[state][Int(byte)]
                if next >= 0 { state = Int(next); continue }
                goto.append([Int32](repeating: -1, count: 256))
                outputs.append([])
                goto[state][Int(byte)] = Int32(goto.count - 1)
                state = goto.count - 1
            }
            outputs[state].append(Int32(phrase.utf8.count))
        }
        phraseCount = distinct.count
        // Breadth-first: failure links, completed transitions, inherited outputs.
        var failure = [Int](repeating: 0, count: goto.count)
        var queue: [Int] = []
        for byte in 0..<256 {
            let next = goto[0][byte]
            if next < 0 { goto[0][byte] = 0 } else { queue.append(Int(next)) }
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            outputs[state] += outputs[failure[state]]
            for byte in 0..<256 {
                let next = goto[state][byte]
                if next < 0 {
                    goto[state][byte] = goto[failure[state]][byte]
                } else {
                    failure[Int(next)] = Int(goto[failure[state]][byte])
                    queue.append(Int(next))
                }
            }
        }
        transitions = goto.flatMap { $0 }
        self.outputs = outputs
    }

    /// The byte range of the first match (by end position) in `text`, or nil when none occurs.
    public func firstMatch(in text: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var state = 0
        return transitions.withUnsafeBufferPointer { table -> Range<Int>? in
            for index in 0..<text.count {
                state = Int(table[state &* 256 &+ Int(text[index])])
                let ending = outputs[state]
                if ending.isEmpty { continue }
                for length in ending {
                    let range = (index + 1 - Int(length))..<(index + 1)
                    if !wholeWords || standsAlone(range, in: text) { return range }
                }
            }
            return nil
        }
    }

    /// Whether `text` contains a match.
    public func matches(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { firstMatch(in: $0) != nil }
    }

    private func standsAlone(_ range: Range<Int>, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        if range.lowerBound > 0 {
            var start = range.lowerBound - 1
            while start > 0, text[start] & 0xC0 == 0x80 { start -= 1 }
            if let scalar = Self.decode(text, at: start), PythonText.isWordCharacter(scalar) { return false }
        }
        if range.upperBound < text.count {
            if let scalar = Self.decode(text, at: range.upperBound), PythonText.isWordCharacter(scalar) { return false }
        }
        return true
    }

    private static func decode(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> Unicode.Scalar? {
        var iterator = UnsafeBufferPointer(rebasing: text[index...]).makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        if case .valid(let encoded) = parser.parseScalar(from: &iterator) { return Unicode.UTF8.decode(encoded) }
        return nil
    }
}
