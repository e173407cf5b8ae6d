import GRPCCore
import WireFormat

/// A Range response read straight from the received message: each key and value is copied once
/// from the gRPC buffer into its ``KeyValue``, with no message object and no `Data` in between
/// (a page of a listing is megabytes of values).
struct RangePage: Sendable {
    /// The header's revision.
    var revision: Int64 = 0
    var kvs: [KeyValue] = []
    /// Whether the range has more keys than the limit let through.
    var more = false
    /// Keys in the range (before the limit).
    var count: Int64 = 0

    /// The response is not a well-formed `RangeResponse`.
    struct Malformed: Error, CustomStringConvertible {
        var description: String { "etcd sent a Range response that is not well-formed protobuf" }
    }

    /// Reads `etcdserverpb.RangeResponse` wire bytes (unknown fields skipped, as a protobuf
    /// decoder does).
    init(wire bytes: UnsafeBufferPointer<UInt8>) throws(Malformed) {
        do throws(WireCursor.Malformed) {
            var cursor = WireCursor(bytes: bytes, range: 0..<bytes.count)
            while let field = try cursor.next() {
                switch (field.number, field.wireType) {
                case (1, 2):
                    // ResponseHeader: revision is field 3.
                    var header = WireCursor(bytes: bytes, range: field.payload)
                    while let f = try header.next() {
                        if f.number == 3 && f.wireType == 0 { revision = Int64(bitPattern: f.value) }
                    }
                case (2, 2):
                    kvs.append(try Self.keyValue(bytes, field.payload))
                case (3, 0):
                    more = field.value != 0
                case (4, 0):
                    count = Int64(bitPattern: field.value)
                case (1...4, _):
                    // A known field with the wrong wire type: a protobuf decoder refuses it too.
                    throw WireCursor.Malformed()
                default:
                    continue
                }
            }
        } catch {
            throw Malformed()
        }
    }

    /// `mvccpb.KeyValue`: key 1, create_revision 2, mod_revision 3, version 4, value 5 (lease 6
    /// and unknown fields skipped).
    private static func keyValue(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws(WireCursor.Malformed) -> KeyValue {
        var kv = KeyValue(key: [], value: [], createRevision: 0, modRevision: 0, version: 0)
        var cursor = WireCursor(bytes: bytes, range: range)
        while let field = try cursor.next() {
            switch (field.number, field.wireType) {
            case (1, 2): kv.key = Array(UnsafeBufferPointer(rebasing: bytes[field.payload]))
            case (5, 2): kv.value = Array(UnsafeBufferPointer(rebasing: bytes[field.payload]))
            case (2, 0): kv.createRevision = Int64(bitPattern: field.value)
            case (3, 0): kv.modRevision = Int64(bitPattern: field.value)
            case (4, 0): kv.version = Int64(bitPattern: field.value)
            case (6, 0): continue
            case (1...6, _): throw WireCursor.Malformed()
            default: continue
            }
        }
        return kv
    }
}

/// Reads a Range response as a ``RangePage``.
struct RangePageDeserializer: MessageDeserializer {
    func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> RangePage {
        try serializedMessageBytes.withUnsafeBytes { raw in
            try RangePage(wire: raw.bindMemory(to: UInt8.self))
        }
    }
}
