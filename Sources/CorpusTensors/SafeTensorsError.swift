/// Why a safetensors file could not be read or written, or a tensor not converted. `source` names
/// the file (or the in-memory buffer); byte offsets count from the start of the file.
public enum SafeTensorsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file is shorter than the 8-byte header length that starts every safetensors file.
    case truncatedHeader(source: String, fileSize: Int)
    /// The header length is over 100 MB, the Rust crate's limit.
    case headerTooLarge(source: String, headerLength: UInt64)
    /// The header length runs past the end of the file.
    case headerBeyondFile(source: String, headerLength: UInt64, fileSize: Int)
    /// The header (at byte 8) is not UTF-8 JSON of the expected form.
    case badJSON(source: String, byteOffset: Int, reason: String)
    /// A tensor's dtype is not one the format defines.
    case unknownDType(source: String, tensor: String, dtype: String)
    /// A tensor's offsets span `byteCount` bytes, which is not its element count times its width.
    case sizeMismatch(source: String, tensor: String, dtype: SafeTensorsDType, shape: [Int], byteCount: Int)
    /// Taken in order of offsets, a tensor does not start where the previous one ends (a hole or
    /// an overlap), or it ends before it begins. Offsets count from the start of the byte buffer.
    case badOffsets(source: String, tensor: String, begin: Int, end: Int, expectedBegin: Int)
    /// The tensors do not cover the byte buffer (at `bufferStart` in the file, `bufferSize` bytes
    /// long) exactly: `tensor` runs past its end, or the last tensor ends at `dataEnd` before it.
    case bufferMismatch(source: String, tensor: String?, dataEnd: Int, bufferStart: Int, bufferSize: Int)
    /// A typed accessor was asked for elements the tensor's dtype does not hold.
    case wrongDType(requested: String, actual: SafeTensorsDType)
    /// A tensor cannot be encoded or converted: a reserved name, or data that does not fit its shape.
    case invalidTensor(name: String?, reason: String)
    /// The operating system refused to read or write `path`.
    case io(path: String, reason: String)

    /// What went wrong, where, and a hint, for a person.
    public var description: String {
        switch self {
        case .truncatedHeader(let source, let fileSize):
            return "\(source): \(fileSize) bytes, shorter than the 8-byte header length; is this a safetensors file, and was it fully written?"
        case .headerTooLarge(let source, let length):
            return "\(source): header length \(length) (bytes 0..<8) is over the 100 MB limit; is this a safetensors file?"
        case .headerBeyondFile(let source, let length, let fileSize):
            return "\(source): the header claims \(length) bytes after byte 8, but the file has \(fileSize) bytes; "
                + "it is truncated or not a safetensors file"
        case .badJSON(let source, let offset, let reason):
            return "\(source): header at byte \(offset): \(reason)"
        case .unknownDType(let source, let tensor, let dtype):
            return "\(source): tensor \"\(tensor)\" has dtype \"\(dtype)\", which is not one of "
                + SafeTensorsDType.allCases.map(\.rawValue).joined(separator: ", ")
        case .sizeMismatch(let source, let tensor, let dtype, let shape, let byteCount):
            return "\(source): tensor \"\(tensor)\" of \(dtype.rawValue) \(shape) spans \(byteCount) bytes in data_offsets, "
                + "which is not its element count times \(dtype.bitWidth) bits"
        case .badOffsets(let source, let tensor, let begin, let end, let expected):
            let problem = end < begin ? "ends before it begins"
                : begin < expected ? "overlaps the tensor before it, which ends at \(expected)"
                : "leaves a hole after the tensor before it, which ends at \(expected)"
            return "\(source): tensor \"\(tensor)\" has data_offsets [\(begin), \(end)] and \(problem); tensors must be contiguous"
        case .bufferMismatch(let source, let tensor, let end, let start, let size):
            if let tensor {
                return "\(source): tensor \"\(tensor)\" ends at buffer byte \(end) (file byte \(start + end)), past the end of the file "
                    + "(\(size) data bytes from file byte \(start)); the file is truncated"
            }
            return "\(source): the tensors end at buffer byte \(end) (file byte \(start + end)), but the file has \(size - end) "
                + "more bytes no tensor covers"
        case .wrongDType(let requested, let actual):
            return "asked for \(requested) elements from a \(actual.rawValue) tensor"
        case .invalidTensor(let name, let reason):
            return name.map { "tensor \"\($0)\": \(reason)" } ?? "tensor: \(reason)"
        case .io(let path, let reason):
            return "\(path): \(reason)"
        }
    }
}
