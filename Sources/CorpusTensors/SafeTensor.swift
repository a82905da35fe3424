/// An element type of the safetensors format, spelled as in a file's header. Every type can be
/// read and written as raw bytes; `SafeTensor`'s typed accessors convert the common ones.
/// The cases are declared in the Rust crate's order (by alignment), which fixes the layout.
public enum SafeTensorsDType: String, Sendable, CaseIterable {
    /// Booleans, one byte each.
    case bool = "BOOL"
    /// MX FP4 (E2M1), two elements per byte.
    case f4 = "F4"
    /// MX FP6 (E2M3), four elements per three bytes.
    case f6E2M3 = "F6_E2M3"
    /// MX FP6 (E3M2), four elements per three bytes.
    case f6E3M2 = "F6_E3M2"
    /// Unsigned and signed 8-bit integers.
    case u8 = "U8", i8 = "I8"
    /// The 8-bit float formats (OFP8 E5M2 and E4M3, MX scale E8M0).
    case f8E5M2 = "F8_E5M2", f8E4M3 = "F8_E4M3", f8E8M0 = "F8_E8M0"
    /// The 8-bit float formats without infinities and with a single zero (AMD's FNUZ variants).
    case f8E4M3FNUZ = "F8_E4M3FNUZ", f8E5M2FNUZ = "F8_E5M2FNUZ"
    /// 16-bit integers, IEEE half precision, and bfloat16.
    case i16 = "I16", u16 = "U16", f16 = "F16", bf16 = "BF16"
    /// 32-bit integers and IEEE single precision.
    case i32 = "I32", u32 = "U32", f32 = "F32"
    /// Complex numbers of two F32 (real, imaginary).
    case c64 = "C64"
    /// IEEE double precision and 64-bit integers.
    case f64 = "F64", i64 = "I64", u64 = "U64"

    /// Bits one element takes in the byte buffer.
    public var bitWidth: Int {
        switch self {
        case .f4: return 4
        case .f6E2M3, .f6E3M2: return 6
        case .bool, .u8, .i8, .f8E5M2, .f8E4M3, .f8E8M0, .f8E4M3FNUZ, .f8E5M2FNUZ: return 8
        case .i16, .u16, .f16, .bf16: return 16
        case .i32, .u32, .f32: return 32
        case .c64, .f64, .i64, .u64: return 64
        }
    }

    /// Bytes one element takes, rounded up for the packed sub-byte types F4 and F6
    /// (sizes of those tensors come from `bitWidth`).
    public var byteWidth: Int { (bitWidth + 7) / 8 }

    /// The position of this type in the Rust crate's `Dtype` enum, which is ordered by alignment;
    /// its serializer lays tensors out by descending rank, then by name.
    var alignmentRank: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    /// The bytes `shape` takes in this type, or nil when a dimension is negative, the size
    /// overflows, or the elements do not fill whole bytes (possible only for F4 and F6).
    func byteCount(shape: [Int]) -> Int? {
        var bits = bitWidth
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (product, overflow) = bits.multipliedReportingOverflow(by: dimension)
            guard !overflow else { return nil }
            bits = product
        }
        return bits % 8 == 0 ? bits / 8 : nil
    }
}

/// One tensor of a safetensors file: element type, shape, and the elements as raw little-endian
/// bytes in row-major order. `data.count` is the element count (the product of `shape`, 1 for the
/// scalar shape `[]`) times the element width.
public struct SafeTensor: Sendable, Equatable {
    /// The element type.
    public var dtype: SafeTensorsDType
    /// The size of each dimension, outermost first; `[]` is a scalar.
    public var shape: [Int]
    /// The elements' raw little-endian bytes, row-major.
    public var data: [UInt8]

    /// A tensor of any dtype from its raw bytes; sizes are checked when it is encoded or read.
    public init(dtype: SafeTensorsDType, shape: [Int], data: [UInt8]) {
        self.dtype = dtype
        self.shape = shape
        self.data = data
    }

    /// An F32 tensor; `values.count` must equal the product of `shape`.
    public init(_ values: [Float], shape: [Int]) {
        self.init(dtype: .f32, shape: shape, values: values.map(\.bitPattern))
    }

    /// An F64 tensor; `values.count` must equal the product of `shape`.
    public init(_ values: [Double], shape: [Int]) {
        self.init(dtype: .f64, shape: shape, values: values.map(\.bitPattern))
    }

    /// An I64 tensor; `values.count` must equal the product of `shape`.
    public init(_ values: [Int64], shape: [Int]) { self.init(dtype: .i64, shape: shape, values: values) }

    /// An I32 tensor; `values.count` must equal the product of `shape`.
    public init(_ values: [Int32], shape: [Int]) { self.init(dtype: .i32, shape: shape, values: values) }

    /// A U32 tensor; `values.count` must equal the product of `shape`.
    public init(_ values: [UInt32], shape: [Int]) { self.init(dtype: .u32, shape: shape, values: values) }

    /// A U8 tensor; `bytes.count` must equal the product of `shape`.
    public init(bytes: [UInt8], shape: [Int]) { self.init(dtype: .u8, shape: shape, values: bytes) }

    private init<T: FixedWidthInteger>(dtype: SafeTensorsDType, shape: [Int], values: [T]) {
        precondition(shape.allSatisfy { $0 >= 0 } && values.count == shape.reduce(1, *),
                     "SafeTensor: \(values.count) values do not fill shape \(shape)")
        self.init(dtype: dtype, shape: shape, data: Self.littleEndianBytes(values))
    }

    /// The number of elements: the product of `shape`, 1 for a scalar.
    public var elementCount: Int { shape.reduce(1, *) }

    /// The elements as `Float`: F32 as stored; F64 rounded; F16 and BF16 widened exactly.
    public func floats() throws -> [Float] {
        switch dtype {
        case .f32: return try elements(UInt32.self).map(Float.init(bitPattern:))
        case .f64: return try elements(UInt64.self).map { Float(Double(bitPattern: $0)) }
        case .f16: return try elements(UInt16.self).map(floatFromHalf)
        case .bf16: return try elements(UInt16.self).map { Float(bitPattern: UInt32($0) << 16) }
        default: throw SafeTensorsError.wrongDType(requested: "Float (F32, F64, F16, BF16)", actual: dtype)
        }
    }

    /// The elements as `Double`: F64 as stored; F32, F16 and BF16 widened exactly.
    public func doubles() throws -> [Double] {
        switch dtype {
        case .f64: return try elements(UInt64.self).map(Double.init(bitPattern:))
        case .f32, .f16, .bf16: return try floats().map(Double.init)
        default: throw SafeTensorsError.wrongDType(requested: "Double (F64, F32, F16, BF16)", actual: dtype)
        }
    }

    /// The elements as `Int64`: I64 as stored; the narrower integer types widened exactly.
    public func int64s() throws -> [Int64] {
        switch dtype {
        case .i64: return try elements(Int64.self)
        case .i32, .u32, .i16, .u16, .i8, .u8: return try narrowIntegers()
        default: throw SafeTensorsError.wrongDType(requested: "Int64 (I64 or a narrower integer type)", actual: dtype)
        }
    }

    /// The elements as `Int32`: I32 as stored; I16, U16, I8 and U8 widened exactly.
    public func int32s() throws -> [Int32] {
        switch dtype {
        case .i32, .i16, .u16, .i8, .u8: return try narrowIntegers().map { Int32($0) }
        default: throw SafeTensorsError.wrongDType(requested: "Int32 (I32, I16, U16, I8, U8)", actual: dtype)
        }
    }

    /// The elements as `UInt32`: U32 as stored; U16 and U8 widened exactly.
    public func uint32s() throws -> [UInt32] {
        switch dtype {
        case .u32, .u16, .u8: return try narrowIntegers().map { UInt32($0) }
        default: throw SafeTensorsError.wrongDType(requested: "UInt32 (U32, U16, U8)", actual: dtype)
        }
    }

    /// The elements of the 8-, 16- and 32-bit integer types as `Int64`.
    private func narrowIntegers() throws -> [Int64] {
        switch dtype {
        case .i32: return try elements(Int32.self).map(Int64.init)
        case .u32: return try elements(UInt32.self).map(Int64.init)
        case .i16: return try elements(Int16.self).map(Int64.init)
        case .u16: return try elements(UInt16.self).map(Int64.init)
        case .i8: return try elements(Int8.self).map(Int64.init)
        default: return try elements(UInt8.self).map(Int64.init)
        }
    }

    /// `data` as fixed-width integers after checking it holds exactly `shape`'s elements.
    private func elements<T: FixedWidthInteger>(_: T.Type) throws -> [T] {
        guard dtype.byteCount(shape: shape) == data.count else {
            throw SafeTensorsError.invalidTensor(
                name: nil, reason: "\(data.count) bytes of \(dtype.rawValue) do not hold shape \(shape)")
        }
        var values = [T](repeating: 0, count: data.count / MemoryLayout<T>.size)
        data.withUnsafeBytes { source in values.withUnsafeMutableBytes { $0.copyMemory(from: source) } }
        #if _endian(big)
        values = values.map { T(littleEndian: $0) }
        #endif
        return values
    }

    /// The little-endian bytes of `values`, in order.
    static func littleEndianBytes<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        #if _endian(big)
        let values = values.map(\.littleEndian)
        #endif
        return values.withUnsafeBytes { Array($0) }
    }
}

/// An IEEE 754 half-precision value (given by its bits) as `Float`; exact, subnormals included.
private func floatFromHalf(_ bits: UInt16) -> Float {
    let sign = UInt32(bits >> 15) << 31
    let exponent = Int(bits >> 10) & 0x1F
    let fraction = UInt32(bits & 0x3FF)
    switch exponent {
    case 0x1F:
        return Float(bitPattern: sign | 0x7F80_0000 | fraction << 13)
    case 0:
        // Subnormal or zero: fraction · 2⁻²⁴, with the sign applied after (it keeps -0).
        let magnitude = Float(fraction) * 0x1p-24
        return sign == 0 ? magnitude : -magnitude
    default:
        return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | fraction << 13)
    }
}
