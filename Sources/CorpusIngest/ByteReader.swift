#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A line- and length-oriented reader over a byte source, counting the uncompressed offset.
///
/// Memory is bounded by the buffer size and the longest line or record asked for at once, so
/// reading a file of any size keeps a flat footprint.
public final class ByteReader {
    private let source: ByteSource
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var sourceEnded = false
    /// An error from the source, held back until the bytes read before it are consumed.
    private var pendingError: Error?
    /// Offset of the next unread byte within the uncompressed stream.
    public private(set) var offset: Int64 = 0

    /// Reads from `source` through a buffer of `bufferSize` bytes.
    public init(_ source: ByteSource, bufferSize: Int = 1 << 20) {
        self.source = source
        buffer = [UInt8](repeating: 0, count: bufferSize)
    }

    /// Bytes consumed from the underlying file (compressed bytes for compressed input).
    public var fileBytesConsumed: Int64 { source.bytesConsumed }

    /// The underlying source, for codec-specific recovery.
    public var underlyingSource: ByteSource { source }

    /// Whether every byte has been read.
    public func atEnd() throws -> Bool {
        try fill(minimum: 1) == 0
    }

    /// Up to `count` upcoming bytes, without consuming them.
    public func peek(_ count: Int) throws -> ArraySlice<UInt8> {
        let available = try fill(minimum: count)
        return buffer[start..<(start + min(available, count))]
    }

    /// Reads one line, including its `\n` when present (absent only at the end of input).
    /// Returns nil at end of input. A line longer than `maxLength` is consumed through its end
    /// and reported as `.tooLong` with its length, without holding it in memory.
    public func readLine(maxLength: Int) throws -> LineRead? {
        var line: [UInt8] = []
        var length = 0
        var overflowed = false
        while true {
            let available = try fill(minimum: 1)
            if available == 0 {
                if length == 0 { return nil }
                return overflowed ? .tooLong(length: length) : .line(line)
            }
            let found: Int? = buffer.withUnsafeBytes { raw -> Int? in
                guard let base = raw.baseAddress, let hit = memchr(base + start, 0x0A, available) else { return nil }
                return UnsafeRawPointer(hit) - (base + start)
            }
            let take = found.map { $0 + 1 } ?? available
            if !overflowed {
                if length + take > maxLength {
                    overflowed = true
                    line = []
                } else {
                    line.append(contentsOf: buffer[start..<(start + take)])
                }
            }
            length += take
            consume(take)
            if found != nil {
                return overflowed ? .tooLong(length: length) : .line(line)
            }
        }
    }

    /// Reads up to `count` bytes; fewer only at the end of input.
    public func read(_ count: Int) throws -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(min(count, 1 << 24))
        while result.count < count {
            let available = try fill(minimum: 1)
            if available == 0 { break }
            let take = min(available, count - result.count)
            result.append(contentsOf: buffer[start..<(start + take)])
            consume(take)
        }
        return result
    }

    /// Discards up to `count` bytes; returns how many were discarded (fewer only at the end).
    @discardableResult
    public func skip(_ count: Int64) throws -> Int64 {
        var skipped: Int64 = 0
        while skipped < count {
            let available = try fill(minimum: 1)
            if available == 0 { break }
            let take = Int(min(Int64(available), count - skipped))
            consume(take)
            skipped += Int64(take)
        }
        return skipped
    }

    /// Puts `bytes` back in front of the unread input, to be read again next.
    public func unread(_ bytes: some Collection<UInt8>) {
        guard !bytes.isEmpty else { return }
        let pending = Array(bytes) + buffer[start..<end]
        if pending.count > buffer.count { buffer = [UInt8](repeating: 0, count: pending.count) }
        buffer.replaceSubrange(0..<pending.count, with: pending)
        start = 0
        end = pending.count
        offset -= Int64(bytes.count)
    }

    /// Drops buffered bytes and state after the source recovered from corrupt data.
    public func discardBuffered(resumingAt newOffset: Int64) {
        start = 0
        end = 0
        sourceEnded = false
        pendingError = nil
        offset = newOffset
    }

    private func consume(_ count: Int) {
        start += count
        offset += Int64(count)
    }

    /// Makes at least `minimum` bytes available when the source has them; returns the count.
    private func fill(minimum: Int) throws -> Int {
        if end - start >= minimum { return end - start }
        if let error = pendingError {
            if end > start { return end - start }
            pendingError = nil
            sourceEnded = true
            throw error
        }
        if sourceEnded { return end - start }
        if start > 0 {
            buffer.withUnsafeMutableBytes { raw in
                guard let base = raw.baseAddress else { return }
                memmove(base, base + start, end - start)
            }
            end -= start
            start = 0
        }
        if minimum > buffer.count {
            buffer.append(contentsOf: repeatElement(0, count: minimum - buffer.count))
        }
        while end - start < minimum && !sourceEnded {
            let count: Int
            do {
                count = try buffer.withUnsafeMutableBytes { raw in
                    try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[end...]))
                }
            } catch {
                // Hand out what arrived before the failure first; the error comes after it.
                if end > start { pendingError = error; return end - start }
                sourceEnded = true
                throw error
            }
            if count == 0 { sourceEnded = true }
            end += count
        }
        return end - start
    }
}

/// One line from `ByteReader.readLine`.
public enum LineRead: Equatable {
    /// The line's bytes, including the trailing `\n` when present.
    case line([UInt8])
    /// A line longer than the limit, consumed and discarded; `length` counts its bytes.
    case tooLong(length: Int)
}
