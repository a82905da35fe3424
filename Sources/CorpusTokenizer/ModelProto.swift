/// The few bits of SentencePiece's `ModelProto` wire format this package reads and writes
/// itself, since Debian ships no `sentencepiece_model.pb.h`.
///
/// `ModelProto { repeated SentencePiece pieces = 1; TrainerSpec trainer_spec = 2; ... }` and
/// `SentencePiece { string piece = 1; float score = 2; Type type = 3; }`. Protobuf appends
/// repeated fields in the order they are met, so records of field 1 written after the whole
/// message become the last pieces of the vocabulary.
enum ModelProto {
    /// `SentencePiece.Type.CONTROL`: never produced from text, decodes to nothing.
    static let controlType: UInt64 = 3

    /// `model` with `pieces` appended to its vocabulary as control pieces of score 0.
    static func appendingControlPieces(_ pieces: [String], to model: [UInt8]) -> [UInt8] {
        var bytes = model
        for piece in pieces {
            var record: [UInt8] = []
            appendLengthDelimited(field: 1, Array(piece.utf8), to: &record)
            record.append(0x15)  // field 2, fixed32: the score 0.0
            record.append(contentsOf: [0, 0, 0, 0])
            appendVarint(3 << 3, to: &record)
            appendVarint(controlType, to: &record)
            appendLengthDelimited(field: 1, record, to: &bytes)
        }
        return bytes
    }

    /// `TrainerSpec.model_type` of a serialized model (1 unigram, 2 BPE, 3 word, 4 char), or
    /// nil when the model does not say.
    static func modelType(of model: [UInt8]) -> UInt64? {
        guard let spec = fields(of: model[...]).last(where: { $0.number == 2 })?.bytes else { return nil }
        return fields(of: spec).last(where: { $0.number == 3 })?.varint
    }

    /// One field of a message: its number and either its varint value or its bytes.
    struct Field {
        var number: UInt64
        var varint: UInt64?
        var bytes: ArraySlice<UInt8>?
    }

    /// The top-level fields of `message`, stopping quietly at the first malformed one.
    static func fields(of message: ArraySlice<UInt8>) -> [Field] {
        var result: [Field] = []
        var index = message.startIndex
        while index < message.endIndex {
            guard let key = readVarint(message, &index) else { break }
            var field = Field(number: key >> 3)
            switch key & 7 {
            case 0:
                guard let value = readVarint(message, &index) else { return result }
                field.varint = value
            case 1, 5:
                let width = key & 7 == 1 ? 8 : 4
                guard message.endIndex - index >= width else { return result }
                index += width
            case 2:
                guard let length = readVarint(message, &index), length <= UInt64(message.endIndex - index) else { return result }
                field.bytes = message[index..<index + Int(length)]
                index += Int(length)
            default:
                return result
            }
            result.append(field)
        }
        return result
    }

    static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    private static func appendLengthDelimited(field: UInt64, _ payload: [UInt8], to bytes: inout [UInt8]) {
        appendVarint(field << 3 | 2, to: &bytes)
        appendVarint(UInt64(payload.count), to: &bytes)
        bytes.append(contentsOf: payload)
    }

    private static func readVarint(_ bytes: ArraySlice<UInt8>, _ index: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.endIndex, shift < 64 {
            let byte = bytes[index]
            index += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }
}
