/// Protobuf wire format, read field by field without allocating: shared by the Kubernetes
/// storage decoders and the etcd client's Range reader.

/// One field occurrence in a protobuf message.
package struct WireField {
    /// The field number.
    package var number: Int
    /// The wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).
    package var wireType: UInt8
    /// The value: a varint or fixed value, or the payload range for length-delimited fields.
    package var value: UInt64
    /// For wire type 2: the payload's range in the buffer.
    package var payload: Range<Int>
    /// The whole field (tag included) in the buffer.
    package var span: Range<Int>

    package init(number: Int, wireType: UInt8, value: UInt64, payload: Range<Int>, span: Range<Int>) {
        self.number = number
        self.wireType = wireType
        self.value = value
        self.payload = payload
        self.span = span
    }
}

/// Steps through the fields of a message in a byte buffer one at a time, allocating nothing:
/// the same checks as KubeStorage's `WireReader`, but a malformed field only stops the walk
/// (``next()`` throws ``WireCursor/Malformed``) for a caller that then decodes in full to learn
/// why.
package struct WireCursor {
    /// The bytes are not well-formed protobuf.
    package struct Malformed: Error {
        package init() {}
    }

    package let bytes: UnsafeBufferPointer<UInt8>
    package private(set) var position: Int
    package let end: Int

    package init(bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) {
        self.bytes = bytes
        position = range.lowerBound
        end = range.upperBound
    }

    /// The next field, or nil at the end of the message.
    @inline(__always)
    package mutating func next() throws(Malformed) -> WireField? {
        guard position < end else { return nil }
        let start = position
        let tag = try varint()
        let wireType = UInt8(tag & 7)
        let number = tag >> 3
        guard number > 0, number <= 536_870_911 else { throw Malformed() }
        var field = WireField(number: Int(number), wireType: wireType, value: 0, payload: 0..<0, span: start..<start)
        switch wireType {
        case 0:
            field.value = try varint()
        case 1:
            field.value = try fixed(8)
        case 5:
            field.value = try fixed(4)
        case 2:
            let length = try varint()
            guard length <= UInt64(end - position) else { throw Malformed() }
            field.payload = position..<(position + Int(length))
            position += Int(length)
        default:
            throw Malformed()
        }
        field.span = start..<position
        return field
    }

    /// A little-endian fixed-width value of `count` bytes (wire types 1 and 5).
    @inline(__always)
    private mutating func fixed(_ count: Int) throws(Malformed) -> UInt64 {
        guard end - position >= count else { throw Malformed() }
        var v: UInt64 = 0
        for k in 0..<count { v |= UInt64(bytes[position + k]) << (8 * UInt64(k)) }
        position += count
        return v
    }

    /// A varint (at most ten bytes, the tenth at most 1).
    @inline(__always)
    package mutating func varint() throws(Malformed) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw Malformed() }
            let byte = bytes[position]
            position += 1
            if shift == 63 && byte > 1 { throw Malformed() }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw Malformed() }
        }
    }
}
