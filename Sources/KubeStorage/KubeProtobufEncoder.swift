import WireFormat
import Collections
import Foundation
import PodModel

/// Encodes Kubernetes JSON into protobuf, losslessly against the message it came from.
///
/// Given the original message bytes and the JSON they decoded to (``KubeJSONDecoder``), only the
/// fields whose JSON changed are re-encoded; every other field — including fields the schema
/// does not know, which newer Kubernetes versions add — is copied byte for byte. An unchanged
/// object gives back the original bytes. Without an original, the object is encoded from
/// scratch in field-number order.
public struct KubeProtobufEncoder: Sendable {
    /// The schema.
    public let schema: KubeSchema
    /// Whether JSON members the schema lacks are left out instead of refused (for generated
    /// objects such as seeded pods, never for an operator's edit).
    public var dropsUnknownFields = false
    private let decoder: KubeJSONDecoder

    /// An encoder over `schema`.
    public init(schema: KubeSchema = .shared) {
        self.schema = schema
        decoder = KubeJSONDecoder(schema: schema)
    }

    /// Encodes `json` as the message `messageName`, starting from `original` (the stored bytes
    /// `json` was edited from) when there is one.
    public func encode(_ json: JSONValue, as messageName: String, original: [UInt8]? = nil) throws(ProtobufError) -> [UInt8] {
        guard let index = schema.index[messageName] else {
            throw .invalidValue(path: "", reason: "no message \(messageName) in the schema")
        }
        guard let original else { return try encodeMessage(json, message: index, original: nil, old: nil, path: "") }
        let old = try decoder.decode(original, message: index)
        return try encodeMessage(json, message: index, original: original, old: old, path: "")
    }

    // MARK: Messages

    func encodeMessage(_ new: JSONValue, message index: Int, original: [UInt8]?, old: JSONValue?,
                       path: String) throws(ProtobufError) -> [UInt8] {
        if let original, let old, old == new { return original }
        let message = schema.messages[index]
        if let special = message.special {
            return try encodeSpecial(special, new, message: message, path: path)
        }
        guard case .object(var members) = new else {
            throw .typeMismatch(path: path.isEmpty ? "(root)" : path, expected: "an object")
        }
        var oldMembers: OrderedDictionary<String, JSONValue>
        if case .object(let o)? = old { oldMembers = o } else { oldMembers = [:] }
        for field in message.fields where field.inline {
            guard case .message(let target) = field.type, target >= 0 else { continue }
            members = Self.nest(members, into: field.name, names: schema.messages[target].byName)
            oldMembers = Self.nest(oldMembers, into: field.name, names: schema.messages[target].byName)
        }
        for name in members.keys where message.byName[name] == nil {
            // A member the schema lacks can only be carried when it is unchanged, which it
            // cannot be: the decoder never produces one.
            if case .null = members[name]! { continue }
            if dropsUnknownFields { members.removeValue(forKey: name); continue }
            throw .unknownField(path: join(path, name))
        }

        guard let original else {
            var writer = WireWriter()
            for field in message.fields.sorted(by: { $0.number < $1.number }) {
                guard let value = members[field.name] else { continue }
                try encodeField(value, field: field, originals: [], old: nil, path: join(path, field.name), into: &writer)
            }
            return writer.bytes
        }

        // Fields whose JSON differs between old and new.
        var changed = Set<Int>()
        for field in message.fields where oldMembers[field.name] != members[field.name] {
            changed.insert(field.number)
        }
        let wires: [WireField] = try original.withUnsafeBufferPointer { buffer throws(ProtobufError) in
            try WireReader(bytes: buffer).fields(in: 0..<buffer.count, path: path)
        }
        var writer = WireWriter()
        var written = Set<Int>()
        for wire in wires {
            guard changed.contains(wire.number) else {
                writer.bytes.append(contentsOf: original[wire.span])
                continue
            }
            guard written.insert(wire.number).inserted else { continue }
            let field = message.field(number: wire.number)!
            let occurrences = wires.filter { $0.number == wire.number }
            let originals = occurrences.map { Array(original[$0.payload]) }
            try encodeField(members[field.name] ?? .null, field: field, originals: originals, old: oldMembers[field.name],
                            path: join(path, field.name), into: &writer)
        }
        for number in changed.sorted() where !written.contains(number) {
            let field = message.field(number: number)!
            try encodeField(members[field.name] ?? .null, field: field, originals: [], old: oldMembers[field.name],
                            path: join(path, field.name), into: &writer)
        }
        return writer.bytes
    }

    /// Moves the members an inline (embedded) field owns into an object under its own name.
    static func nest(_ members: OrderedDictionary<String, JSONValue>, into name: String,
                     names: [String: Int]) -> OrderedDictionary<String, JSONValue> {
        var outer = OrderedDictionary<String, JSONValue>()
        var inner = OrderedDictionary<String, JSONValue>()
        for (k, v) in members {
            if names[k] != nil { inner[k] = v } else { outer[k] = v }
        }
        if !inner.isEmpty { outer[name] = .object(inner) }
        return outer
    }

    /// Writes every occurrence of `field` for `value` (nothing for null or absent).
    private func encodeField(_ value: JSONValue, field: FieldSchema, originals: [[UInt8]], old: JSONValue?,
                             path: String, into writer: inout WireWriter) throws(ProtobufError) {
        if case .null = value {
            // null is "absent", except for a singular Time, where it is Go's zero time
            // (`"lastProbeTime": null` is written as such by the apiserver).
            guard !field.repeated, case .message(let target) = field.type, target >= 0,
                  schema.messages[target].special != nil else { return }
        }
        if let entry = field.mapEntry {
            guard case .object(let map) = value else { throw .typeMismatch(path: path, expected: "an object") }
            let entrySchema = schema.messages[entry]
            guard let keyField = entrySchema.field(number: 1), let valueField = entrySchema.field(number: 2) else { return }
            // Go writes map entries sorted by key.
            for key in map.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
                var entryWriter = WireWriter()
                try encodeSingle(.string(key), field: keyField, original: nil, old: nil, path: path, into: &entryWriter)
                try encodeSingle(map[key]!, field: valueField, original: nil, old: nil, path: "\(path)[\(key)]", into: &entryWriter)
                writer.lengthDelimited(field.number, entryWriter.bytes)
            }
            return
        }
        guard field.repeated else {
            let original: [UInt8]? = originals.isEmpty ? nil : Array(originals.joined())
            try encodeSingle(value, field: field, original: original, old: old, path: path, into: &writer)
            return
        }
        guard case .array(let items) = value else { throw .typeMismatch(path: path, expected: "an array") }
        var oldItems: [JSONValue] = []
        if case .array(let o)? = old { oldItems = o }
        // Elements are matched to the originals by name when every element has a unique name
        // (containers, ports, env), otherwise by position.
        let matches = Self.match(old: oldItems, new: items, originals: originals.count)
        if field.packed, field.type.wireType != 2 {
            var packed = WireWriter()
            for (i, item) in items.enumerated() {
                try encodeScalarPayload(item, field: field, path: "\(path)[\(i)]", into: &packed)
            }
            writer.lengthDelimited(field.number, packed.bytes)
            return
        }
        for (i, item) in items.enumerated() {
            let source = matches[i]
            try encodeSingle(item, field: field, original: source.map { originals[$0] }, old: source.map { oldItems[$0] },
                             path: "\(path)[\(i)]", into: &writer)
        }
    }

    /// For each new element, the index of the old element (and original occurrence) it continues.
    static func match(old: [JSONValue], new: [JSONValue], originals: Int) -> [Int?] {
        guard old.count == originals, !old.isEmpty else { return new.map { _ in nil } }
        func names(_ items: [JSONValue]) -> [String]? {
            var result: [String] = []
            for item in items {
                guard let name = item["name"]?.stringValue else { return nil }
                result.append(name)
            }
            return Set(result).count == result.count ? result : nil
        }
        if let oldNames = names(old), let newNames = names(new) {
            var position: [String: Int] = [:]
            for (i, name) in oldNames.enumerated() { position[name] = i }
            return newNames.map { position[$0] }
        }
        return new.indices.map { $0 < old.count ? $0 : nil }
    }

    /// Writes one value of `field` (one element of a repeated field).
    private func encodeSingle(_ value: JSONValue, field: FieldSchema, original: [UInt8]?, old: JSONValue?,
                              path: String, into writer: inout WireWriter) throws(ProtobufError) {
        if case .message(let target) = field.type {
            guard target >= 0 else { return }
            if case .null = value, schema.messages[target].special == nil { return }
            let payload = try encodeMessage(value, message: target, original: original, old: old, path: path)
            writer.lengthDelimited(field.number, payload)
            return
        }
        if case .null = value { return }
        if field.type.wireType == 2 {
            var payload = WireWriter()
            try encodeScalarPayload(value, field: field, path: path, into: &payload)
            writer.lengthDelimited(field.number, payload.bytes)
        } else {
            writer.tag(field.number, field.type.wireType)
            try encodeScalarPayload(value, field: field, path: path, into: &writer)
        }
    }

    /// Writes a scalar's value (no tag; strings and bytes without their length).
    private func encodeScalarPayload(_ value: JSONValue, field: FieldSchema, path: String,
                                     into writer: inout WireWriter) throws(ProtobufError) {
        switch field.type {
        case .string:
            guard case .string(let s) = value else { throw .typeMismatch(path: path, expected: "a string") }
            writer.bytes.append(contentsOf: s.utf8)
        case .bytes:
            guard case .string(let s) = value, let data = Data(base64Encoded: s) else {
                throw .typeMismatch(path: path, expected: "base64 text")
            }
            writer.bytes.append(contentsOf: data)
        case .bool:
            guard case .bool(let b) = value else { throw .typeMismatch(path: path, expected: "true or false") }
            writer.varint(b ? 1 : 0)
        case .int64, .int32, .enumeration:
            let v = try Self.integer(value, path: path, range: field.type == .int64 ? Int64.min...Int64.max : Int64(Int32.min)...Int64(Int32.max))
            writer.varint(UInt64(bitPattern: v))
        case .uint64, .uint32:
            let v = try Self.integer(value, path: path, range: 0...Int64.max)
            writer.varint(UInt64(v))
        case .sint32, .sint64:
            let v = try Self.integer(value, path: path, range: Int64.min...Int64.max)
            writer.varint(UInt64(bitPattern: (v << 1) ^ (v >> 63)))
        case .fixed64, .sfixed64:
            writer.fixed(UInt64(bitPattern: try Self.integer(value, path: path, range: Int64.min...Int64.max)), width: 8)
        case .fixed32, .sfixed32:
            writer.fixed(UInt64(UInt32(truncatingIfNeeded: try Self.integer(value, path: path, range: Int64(Int32.min)...Int64(UInt32.max)))), width: 4)
        case .double:
            guard let d = value.doubleValue else { throw .typeMismatch(path: path, expected: "a number") }
            writer.fixed(d.bitPattern, width: 8)
        case .float:
            guard let d = value.doubleValue else { throw .typeMismatch(path: path, expected: "a number") }
            writer.fixed(UInt64(Float(d).bitPattern), width: 4)
        case .message:
            break
        }
    }

    private static func integer(_ value: JSONValue, path: String, range: ClosedRange<Int64>) throws(ProtobufError) -> Int64 {
        let v: Int64?
        switch value {
        case .number(let text): v = Int64(text)
        case .string(let text): v = Int64(text)
        default: v = nil
        }
        guard let v, range.contains(v) else {
            throw .typeMismatch(path: path, expected: "an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return v
    }

    // MARK: Special forms

    private func encodeSpecial(_ form: SpecialForm, _ value: JSONValue, message: MessageSchema,
                               path: String) throws(ProtobufError) -> [UInt8] {
        var w = WireWriter()
        switch form {
        case .time, .microTime:
            let seconds: Int64
            let nanos: Int64
            switch value {
            case .null:
                (seconds, nanos) = (KubeTime.goZeroSeconds, 0)
            case .string(let text):
                guard let parsed = KubeTime.parse(text) else {
                    throw .typeMismatch(path: path, expected: "an RFC 3339 time (2006-01-02T15:04:05Z)")
                }
                // Time keeps whole seconds in JSON; MicroTime microseconds.
                (seconds, nanos) = (parsed.seconds, form == .time ? 0 : parsed.nanos / 1000 * 1000)
            default:
                throw .typeMismatch(path: path, expected: "an RFC 3339 time string")
            }
            w.tag(1, 0); w.varint(UInt64(bitPattern: seconds))
            w.tag(2, 0); w.varint(UInt64(bitPattern: Int64(Int32(nanos))))
        case .duration:
            guard case .string(let text) = value, let nanos = KubeTime.parseDuration(text) else {
                throw .typeMismatch(path: path, expected: "a duration (1h2m3s)")
            }
            w.tag(1, 0); w.varint(UInt64(bitPattern: nanos))
        case .intOrString:
            switch value {
            case .number(let text):
                guard let v = Int32(text) else { throw .typeMismatch(path: path, expected: "a 32-bit integer or a string") }
                w.tag(1, 0); w.varint(0)
                w.tag(2, 0); w.varint(UInt64(bitPattern: Int64(v)))
                w.lengthDelimited(3, [])
            case .string(let text):
                w.tag(1, 0); w.varint(1)
                w.tag(2, 0); w.varint(0)
                w.lengthDelimited(3, Array(text.utf8))
            default:
                throw .typeMismatch(path: path, expected: "an integer or a string")
            }
        case .quantity:
            switch value {
            case .string(let text): w.lengthDelimited(1, Array(text.utf8))
            case .number(let text): w.lengthDelimited(1, Array(text.utf8))
            default: throw .typeMismatch(path: path, expected: "a quantity (\"100m\", \"1Gi\")")
            }
        case .rawExtension:
            if case .null = value { break }
            w.lengthDelimited(1, JSONWriter.compact(value))
        case .fields:
            guard case .object(let map) = value else { throw .typeMismatch(path: path, expected: "an object") }
            guard let mapField = message.field(number: 1), let entry = mapField.mapEntry else { break }
            let entrySchema = schema.messages[entry]
            for key in map.keys.sorted() {
                var e = WireWriter()
                e.lengthDelimited(1, Array(key.utf8))
                if let valueField = entrySchema.field(number: 2), case .message(let target) = valueField.type {
                    e.lengthDelimited(2, try encodeMessage(map[key]!, message: target, original: nil, old: nil, path: "\(path)[\(key)]"))
                }
                w.lengthDelimited(1, e.bytes)
            }
        }
        return w.bytes
    }
}
