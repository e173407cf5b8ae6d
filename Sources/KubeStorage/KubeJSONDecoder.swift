import WireFormat
import Collections
import Foundation
import PodModel

/// Decodes a Kubernetes protobuf message into the JSON the apiserver would serve for it.
///
/// Fields come out in declaration order (the Go struct's order); `Time` is RFC 3339, `MicroTime`
/// has microseconds, `IntOrString` is a number or a string, `Quantity` its text, `bytes` base64,
/// and zero values follow Go's `omitempty` (see ``KubeJSONRules``). Fields the schema does not
/// know are skipped (the stored bytes keep them). Malformed input is an error naming the field
/// path and byte offset, never a crash.
public struct KubeJSONDecoder: Sendable {
    /// The schema.
    public let schema: KubeSchema

    /// A decoder over `schema`.
    public init(schema: KubeSchema = .shared) {
        self.schema = schema
    }

    /// Decodes `bytes` as the message `messageName` (`k8s.io.api.core.v1.Pod`).
    public func decode(_ bytes: [UInt8], as messageName: String) throws(ProtobufError) -> JSONValue {
        guard let index = schema.index[messageName] else {
            throw .invalidValue(path: "", reason: "no message \(messageName) in the schema")
        }
        return try decode(bytes, message: index)
    }

    /// Decodes `bytes` as the message at `message` in the schema.
    public func decode(_ bytes: [UInt8], message: Int) throws(ProtobufError) -> JSONValue {
        let result: Result<JSONValue, ProtobufError> = bytes.withUnsafeBufferPointer { buffer in
            let reader = WireReader(bytes: buffer)
            do throws(ProtobufError) {
                return .success(try object(reader, range: 0..<buffer.count, message: message, depth: 0, path: .root))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    // MARK: Messages

    private enum Slot {
        case scalar(WireField)
        case message([Range<Int>])
        case list([WireField])
    }

    func object(_ reader: WireReader, range: Range<Int>, message index: Int, depth: Int, path: DecodePath) throws(ProtobufError) -> JSONValue {
        guard depth < ProtobufLimits.maximumDepth else { throw .tooDeep(path: path.isRoot ? "(root)" : path.text) }
        let message = schema.messages[index]
        let fields = try reader.fields(in: range, path: path.text)
        if let special = message.special {
            return try self.special(special, reader: reader, fields: fields, message: message, depth: depth, path: path)
        }
        var slots = [Slot?](repeating: nil, count: message.fields.count)
        for wire in fields {
            guard let position = message.position(number: wire.number) else { continue }
            let field = message.fields[position]
            if field.repeated {
                if case .list(var items)? = slots[position] {
                    slots[position] = nil
                    items.append(wire)
                    slots[position] = .list(items)
                } else {
                    slots[position] = .list([wire])
                }
                continue
            }
            guard wire.wireType == field.type.wireType else {
                throw .wrongWireType(path: path.appending(field.name).text, wireType: wire.wireType, expected: field.type.wireType)
            }
            if case .message = field.type {
                if case .message(var ranges)? = slots[position] {
                    ranges.append(wire.payload)
                    slots[position] = .message(ranges)
                } else {
                    slots[position] = .message([wire.payload])
                }
            } else {
                slots[position] = .scalar(wire)
            }
        }
        var members = OrderedDictionary<String, JSONValue>()
        members.reserveCapacity(fields.count)
        for (position, slot) in slots.enumerated() {
            guard let slot else { continue }
            let field = message.fields[position]
            switch slot {
            case .scalar(let wire):
                let value = try scalar(wire, field: field, reader: reader, path: path.appending(field.name))
                if field.emitsZero || !Self.isZero(value) { members[field.name] = value }
            case .message(let ranges):
                guard case .message(let target) = field.type, target >= 0 else { continue }
                let fieldPath = path.appending(field.name)
                let value = try nested(reader, ranges: ranges, message: target, depth: depth + 1, path: fieldPath)
                if field.inline, case .object(let embedded) = value {
                    for (k, v) in embedded { members[k] = v }
                } else {
                    members[field.name] = value
                }
            case .list(let items):
                let fieldPath = path.appending(field.name)
                if let entry = field.mapEntry {
                    let map = try self.map(items, entry: entry, reader: reader, depth: depth + 1, path: fieldPath)
                    if !map.isEmpty { members[field.name] = .object(map) }
                } else {
                    let array = try list(items, field: field, reader: reader, depth: depth + 1, path: fieldPath)
                    if !array.isEmpty { members[field.name] = .array(array) }
                }
            }
        }
        return .object(members)
    }

    /// A singular message field, merging repeated occurrences as protobuf does.
    private func nested(_ reader: WireReader, ranges: [Range<Int>], message: Int, depth: Int, path: DecodePath) throws(ProtobufError) -> JSONValue {
        if ranges.count == 1 { return try object(reader, range: ranges[0], message: message, depth: depth, path: path) }
        var joined: [UInt8] = []
        for r in ranges { joined.append(contentsOf: reader.bytes[r]) }
        let result: Result<JSONValue, ProtobufError> = joined.withUnsafeBufferPointer { buffer in
            do throws(ProtobufError) {
                return .success(try object(WireReader(bytes: buffer), range: 0..<buffer.count, message: message, depth: depth, path: path))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private func list(_ items: [WireField], field: FieldSchema, reader: WireReader, depth: Int, path: DecodePath) throws(ProtobufError) -> [JSONValue] {
        var values: [JSONValue] = []
        values.reserveCapacity(items.count)
        for (i, wire) in items.enumerated() {
            var itemPath: DecodePath { .index(path, i) }
            if case .message(let target) = field.type {
                guard wire.wireType == 2 else { throw .wrongWireType(path: itemPath.text, wireType: wire.wireType, expected: 2) }
                guard target >= 0 else { continue }
                values.append(try object(reader, range: wire.payload, message: target, depth: depth, path: itemPath))
            } else if wire.wireType == 2 && field.type.wireType != 2 {
                // Packed scalars.
                var position = wire.payload.lowerBound
                while position < wire.payload.upperBound {
                    var element = WireField(number: wire.number, wireType: field.type.wireType, value: 0, payload: 0..<0, span: 0..<0)
                    switch field.type.wireType {
                    case 0:
                        let end = wire.payload.upperBound
                        element.value = try reader.varint(&position, end: end, path: { DecodePath.index(path, i).text })
                    default:
                        let width = field.type.wireType == 1 ? 8 : 4
                        guard wire.payload.upperBound - position >= width else { throw .truncated(path: itemPath.text, offset: position) }
                        for k in 0..<width { element.value |= UInt64(reader.bytes[position + k]) << (8 * UInt64(k)) }
                        position += width
                    }
                    values.append(try scalar(element, field: field, reader: reader, path: itemPath))
                }
            } else {
                guard wire.wireType == field.type.wireType else {
                    throw .wrongWireType(path: itemPath.text, wireType: wire.wireType, expected: field.type.wireType)
                }
                values.append(try scalar(wire, field: field, reader: reader, path: itemPath))
            }
        }
        return values
    }

    private func map(_ items: [WireField], entry: Int, reader: WireReader, depth: Int, path: DecodePath) throws(ProtobufError) -> OrderedDictionary<String, JSONValue> {
        var result = OrderedDictionary<String, JSONValue>()
        let entrySchema = schema.messages[entry]
        guard let keyField = entrySchema.field(number: 1), let valueField = entrySchema.field(number: 2) else { return result }
        for wire in items {
            guard wire.wireType == 2 else { throw .wrongWireType(path: path.text, wireType: wire.wireType, expected: 2) }
            guard depth < ProtobufLimits.maximumDepth else { throw .tooDeep(path: path.text) }
            var key: JSONValue?
            var value: JSONValue?
            var valueRanges: [Range<Int>] = []
            for part in try reader.fields(in: wire.payload, path: path.text) {
                if part.number == 1 {
                    guard part.wireType == keyField.type.wireType else {
                        throw .wrongWireType(path: path.text + " (map key)", wireType: part.wireType, expected: keyField.type.wireType)
                    }
                    key = try scalar(part, field: keyField, reader: reader, path: path)
                } else if part.number == 2 {
                    guard part.wireType == valueField.type.wireType else {
                        throw .wrongWireType(path: path.text + " (map value)", wireType: part.wireType, expected: valueField.type.wireType)
                    }
                    if case .message = valueField.type { valueRanges.append(part.payload) } else {
                        value = try scalar(part, field: valueField, reader: reader, path: path)
                    }
                }
            }
            let keyText: String
            switch key {
            case .string(let text)?: keyText = text
            case .number(let text)?: keyText = text
            case .bool(let b)?: keyText = b ? "true" : "false"
            default: keyText = ""
            }
            let entryPath = DecodePath.key(path, keyText)
            if case .message(let target) = valueField.type, target >= 0 {
                value = try nested(reader, ranges: valueRanges.isEmpty ? [0..<0] : valueRanges, message: target,
                                   depth: depth + 1, path: entryPath)
            }
            result[keyText] = value ?? Self.zero(of: valueField.type)
        }
        // Go's encoding/json writes map keys sorted (byte-wise), whatever the wire order.
        result.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        return result
    }

    // MARK: Scalars

    func scalar(_ wire: WireField, field: FieldSchema, reader: WireReader, path: @autoclosure () -> DecodePath) throws(ProtobufError) -> JSONValue {
        switch field.type {
        case .string:
            return .string(String(decoding: reader.bytes[wire.payload], as: UTF8.self))
        case .bytes:
            return .string(Data(reader.bytes[wire.payload]).base64EncodedString())
        case .bool:
            return .bool(wire.value != 0)
        case .int64, .sfixed64:
            return .number(String(Int64(bitPattern: wire.value)))
        case .uint64, .fixed64:
            return .number(String(wire.value))
        case .int32, .enumeration, .sfixed32:
            return .number(String(Int32(truncatingIfNeeded: wire.value)))
        case .uint32, .fixed32:
            return .number(String(UInt32(truncatingIfNeeded: wire.value)))
        case .sint32:
            let v = UInt32(truncatingIfNeeded: wire.value)
            return .number(String(Int32(bitPattern: (v >> 1) ^ (0 &- (v & 1)))))
        case .sint64:
            return .number(String(Int64(bitPattern: (wire.value >> 1) ^ (0 &- (wire.value & 1)))))
        case .double:
            return try Self.number(Double(bitPattern: wire.value), path: path().text)
        case .float:
            return try Self.number(Double(Float(bitPattern: UInt32(truncatingIfNeeded: wire.value))), path: path().text)
        case .message:
            return .null
        }
    }

    private static func number(_ value: Double, path: String) throws(ProtobufError) -> JSONValue {
        guard value.isFinite else { throw .invalidValue(path: path, reason: "\(value) has no JSON form") }
        if value == value.rounded(), abs(value) < 1e21 { return .number(String(Int64(value))) }
        return .number(String(value))
    }

    static func isZero(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let s): return s.isEmpty
        case .bool(let b): return !b
        case .number(let n): return n == "0"
        case .null: return true
        default: return false
        }
    }

    static func zero(of type: FieldType) -> JSONValue {
        switch type {
        case .string, .bytes: return .string("")
        case .bool: return .bool(false)
        case .message: return .emptyObject
        default: return .number("0")
        }
    }

    // MARK: Special forms

    private func special(_ form: SpecialForm, reader: WireReader, fields: [WireField], message: MessageSchema,
                         depth: Int, path: DecodePath) throws(ProtobufError) -> JSONValue {
        func value(_ number: Int, wireType: UInt8) throws(ProtobufError) -> WireField? {
            var last: WireField?
            for f in fields where f.number == number {
                guard f.wireType == wireType else {
                    throw .wrongWireType(path: path.appending(message.field(number: number)?.name ?? "\(number)").text, wireType: f.wireType, expected: wireType)
                }
                last = f
            }
            return last
        }
        switch form {
        case .time, .microTime:
            let seconds = Int64(bitPattern: try value(1, wireType: 0)?.value ?? 0)
            let nanos = Int64(Int32(truncatingIfNeeded: try value(2, wireType: 0)?.value ?? 0))
            if seconds == KubeTime.goZeroSeconds && nanos == 0 { return .null }
            guard let text = KubeTime.format(seconds: seconds, nanos: nanos, micro: form == .microTime) else {
                throw .invalidValue(path: path.text, reason: "time \(seconds)s \(nanos)ns is outside years 0-9999")
            }
            return .string(text)
        case .duration:
            return .string(KubeTime.durationText(Int64(bitPattern: try value(1, wireType: 0)?.value ?? 0)))
        case .intOrString:
            let type = try value(1, wireType: 0)?.value ?? 0
            if type == 1 {
                guard let s = try value(3, wireType: 2) else { return .string("") }
                return .string(String(decoding: reader.bytes[s.payload], as: UTF8.self))
            }
            return .number(String(Int32(truncatingIfNeeded: try value(2, wireType: 0)?.value ?? 0)))
        case .quantity:
            guard let s = try value(1, wireType: 2), !s.payload.isEmpty else { return .string("0") }
            return .string(String(decoding: reader.bytes[s.payload], as: UTF8.self))
        case .rawExtension:
            guard let raw = try value(1, wireType: 2), !raw.payload.isEmpty else { return .null }
            do {
                return try JSONParser.parse(reader.bytes[raw.payload])
            } catch {
                throw .invalidValue(path: path.text, reason: "embedded object is not JSON (\(error))")
            }
        case .fields:
            // Fields { map<string, Fields> map = 1 }: the nested object of the map.
            guard let mapField = message.field(number: 1), let entry = mapField.mapEntry else { return .emptyObject }
            let entries = fields.filter { $0.number == 1 }
            return .object(try map(entries, entry: entry, reader: reader, depth: depth + 1, path: path))
        }
    }
}

/// Where the decoder is, built without string work; spelled out only for an error.
indirect enum DecodePath: Sendable {
    case root
    case field(DecodePath, String)
    case index(DecodePath, Int)
    case key(DecodePath, String)

    var isRoot: Bool { if case .root = self { true } else { false } }

    func appending(_ name: String) -> DecodePath { .field(self, name) }

    /// `spec.containers[0].name`.
    var text: String {
        switch self {
        case .root: ""
        case .field(let parent, let name): parent.isRoot ? name : parent.text + "." + name
        case .index(let parent, let i): parent.text + "[\(i)]"
        case .key(let parent, let key): parent.text + "[\(key)]"
        }
    }
}

@inline(__always)
func join(_ path: String, _ name: String) -> String {
    path.isEmpty ? name : path + "." + name
}
