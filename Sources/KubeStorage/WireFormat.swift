import WireFormat

/// Reads protobuf wire format from a byte buffer, checking every length against the bounds.
struct WireReader {
    let bytes: UnsafeBufferPointer<UInt8>

    /// Every field of the message in `range`, in order.
    func fields(in range: Range<Int>, path: @autoclosure () -> String) throws(ProtobufError) -> [WireField] {
        var result: [WireField] = []
        var position = range.lowerBound
        let end = range.upperBound
        while position < end {
            let start = position
            let tag = try varint(&position, end: end, path: path)
            let wireType = UInt8(tag & 7)
            let number = tag >> 3
            guard number > 0, number <= 536_870_911 else {
                throw .invalidTag(path: path(), offset: start, tag: tag)
            }
            var field = WireField(number: Int(number), wireType: wireType, value: 0, payload: 0..<0, span: start..<start)
            switch wireType {
            case 0:
                field.value = try varint(&position, end: end, path: path)
            case 1:
                guard end - position >= 8 else { throw .truncated(path: path(), offset: position) }
                var v: UInt64 = 0
                for k in 0..<8 { v |= UInt64(bytes[position + k]) << (8 * UInt64(k)) }
                field.value = v
                position += 8
            case 5:
                guard end - position >= 4 else { throw .truncated(path: path(), offset: position) }
                var v: UInt64 = 0
                for k in 0..<4 { v |= UInt64(bytes[position + k]) << (8 * UInt64(k)) }
                field.value = v
                position += 4
            case 2:
                let lengthAt = position
                let length = try varint(&position, end: end, path: path)
                guard length <= UInt64(end - position) else {
                    throw .lengthOutOfRange(path: path(), offset: lengthAt, length: length)
                }
                field.payload = position..<(position + Int(length))
                position += Int(length)
            default:
                throw .invalidTag(path: path(), offset: start, tag: tag)
            }
            field.span = start..<position
            result.append(field)
        }
        return result
    }

    /// Reads a varint at `position`.
    @inline(__always)
    func varint(_ position: inout Int, end: Int, path: () -> String) throws(ProtobufError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        let start = position
        while true {
            guard position < end else { throw .truncated(path: path(), offset: position) }
            let byte = bytes[position]
            position += 1
            if shift == 63 && byte > 1 { throw .malformedVarint(path: path(), offset: start) }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw .malformedVarint(path: path(), offset: start) }
        }
    }
}

/// Appends protobuf wire format to a byte array.
struct WireWriter {
    var bytes: [UInt8] = []

    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func tag(_ number: Int, _ wireType: UInt8) {
        varint(UInt64(number) << 3 | UInt64(wireType))
    }

    mutating func lengthDelimited(_ number: Int, _ payload: some Collection<UInt8>) {
        tag(number, 2)
        varint(UInt64(payload.count))
        bytes.append(contentsOf: payload)
    }

    mutating func fixed(_ value: UInt64, width: Int) {
        for k in 0..<width { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(k)))) }
    }
}
