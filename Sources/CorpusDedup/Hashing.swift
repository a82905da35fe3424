import CCryptoShim
import CXXHash

/// A 128-bit digest compared as its big-endian bytes (for MD5, as its hex digest compares).
public struct Digest128: Hashable, Comparable, Sendable, BitwiseCopyable {
    /// The first 8 bytes, big-endian.
    public var high: UInt64
    /// The last 8 bytes, big-endian.
    public var low: UInt64

    /// A digest from its two halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    public static func < (a: Self, b: Self) -> Bool { (a.high, a.low) < (b.high, b.low) }

    /// The lowercase hex digest, as Python's `hexdigest()` writes it.
    public var hex: String {
        func digits(_ value: UInt64) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }
        return digits(high) + digits(low)
    }
}

/// The hash functions dedup keys on.
public enum Hashing {
    /// MD5 of the UTF-8 bytes of `text` (libcrypto).
    public static func md5(_ text: some StringProtocol) -> Digest128 {
        var copy = String(text)
        return copy.withUTF8 { md5(UnsafeRawBufferPointer($0)) }
    }

    /// MD5 of `bytes` (libcrypto).
    public static func md5(_ bytes: UnsafeRawBufferPointer) -> Digest128 {
        var digest = (UInt64(0), UInt64(0))
        withUnsafeMutableBytes(of: &digest) { out in
            corpus_md5(bytes.baseAddress, bytes.count, out.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        return Digest128(high: UInt64(bigEndian: digest.0), low: UInt64(bigEndian: digest.1))
    }

    /// XXH3-128 of the UTF-8 bytes of `text`.
    public static func xxh128(_ text: some StringProtocol) -> Digest128 {
        var copy = String(text)
        return copy.withUTF8 { xxh128(UnsafeRawBufferPointer($0)) }
    }

    /// XXH3-128 of `bytes` (a key from `KeyNormalizer.keyBytes`).
    public static func xxh128(_ bytes: [UInt8]) -> Digest128 {
        bytes.withUnsafeBytes { xxh128($0) }
    }

    /// XXH3-128 of `bytes`.
    public static func xxh128(_ bytes: UnsafeRawBufferPointer) -> Digest128 {
        let hash = XXH3_128bits(bytes.baseAddress, bytes.count)
        return Digest128(high: hash.high64, low: hash.low64)
    }

    /// XXH3-64 of `bytes` with `seed`.
    public static func xxh64(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        XXH3_64bits_withSeed(bytes.baseAddress, bytes.count, seed)
    }
}
