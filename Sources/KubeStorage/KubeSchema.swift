import Foundation
import KubeAPI
import SwiftProtobuf

/// The Kubernetes core/v1 and apimachinery message schema, read once from the descriptor set
/// embedded in ``KubeAPI`` (``KubeDescriptorSet``).
///
/// Messages are addressed by index into ``messages``; fields keep their declaration order, which
/// is the order of the Go struct (and of the JSON the apiserver serves).
public struct KubeSchema: Sendable {
    /// Every message of the set, nested ones included.
    public let messages: [MessageSchema]
    /// Message index by full name without the leading dot (`k8s.io.api.core.v1.Pod`).
    public let index: [String: Int]
    /// The messages as the protobuf check and pod reader walk them.
    let wire: KubeWireTable

    /// The schema of the embedded descriptor set.
    public static let shared: KubeSchema = {
        guard let data = Data(base64Encoded: KubeDescriptorSet.base64, options: .ignoreUnknownCharacters),
              let set = try? Google_Protobuf_FileDescriptorSet(serializedBytes: data) else {
            preconditionFailure("KubeDescriptorSet.base64 is not a FileDescriptorSet: regenerate Sources/KubeAPI")
        }
        return KubeSchema(set)
    }()

    /// Builds the schema of a descriptor set.
    public init(_ set: Google_Protobuf_FileDescriptorSet) {
        var flat: [(String, Google_Protobuf_DescriptorProto)] = []
        func collect(_ message: Google_Protobuf_DescriptorProto, scope: String) {
            let name = scope + "." + message.name
            flat.append((name, message))
            for nested in message.nestedType { collect(nested, scope: name) }
        }
        for file in set.file {
            for message in file.messageType { collect(message, scope: file.package) }
        }
        var index: [String: Int] = [:]
        for (i, entry) in flat.enumerated() { index[entry.0] = i }
        self.index = index
        let mapEntries = Set(flat.filter { $0.1.options.mapEntry }.map(\.0))
        messages = flat.map { name, proto in
            MessageSchema(fullName: name, proto: proto, index: index, mapEntries: mapEntries)
        }
        wire = KubeWireTable(messages)
    }

    /// The message with the given full name (`k8s.io.api.core.v1.Pod`).
    public func message(named name: String) -> MessageSchema? {
        index[name].map { messages[$0] }
    }
}

/// One message type: its fields in declaration order and how its JSON form is special.
/// (A class: the decoder looks messages up constantly, and a reference costs one retain.)
public final class MessageSchema: Sendable {
    /// Full name without the leading dot.
    public let fullName: String
    /// The last component of the name (`Pod`).
    public let name: String
    /// Fields in declaration order.
    public let fields: [FieldSchema]
    /// Field position in ``fields`` by field number.
    public let byNumber: [Int: Int]
    /// Field position + 1 in ``fields`` by field number, 0 for no field, for every number up to the
    /// highest one not above ``denseNumberLimit``: readers look a field up for every field of every
    /// message, and an array index costs a fraction of hashing the number.
    private let positionByNumber: [UInt16]
    /// Whether a field number is above ``denseNumberLimit`` (found in ``byNumber`` only).
    let hasSparseNumbers: Bool
    /// How many field numbers (0 ..< this) the dense table covers.
    var denseNumbers: Int { positionByNumber.count }
    /// The highest field number ``positionByNumber`` covers.
    static let denseNumberLimit = 1024
    /// Field position in ``fields`` by JSON name.
    public let byName: [String: Int]
    /// Whether this is a synthetic map entry (`key = 1`, `value = 2`).
    public let isMapEntry: Bool
    /// How the message is written in Kubernetes JSON when it is not a plain object.
    public let special: SpecialForm?

    init(fullName: String, proto: Google_Protobuf_DescriptorProto, index: [String: Int], mapEntries: Set<String>) {
        self.fullName = fullName
        name = proto.name
        isMapEntry = proto.options.mapEntry
        special = SpecialForm(rawValue: fullName)
        let zeroEmitting = KubeJSONRules.zeroEmitting[proto.name] ?? []
        let inline = KubeJSONRules.inline[proto.name] ?? []
        fields = proto.field.map { field in
            FieldSchema(field, index: index, mapEntries: mapEntries, emitsZero: zeroEmitting.contains(field.name),
                        inline: inline.contains(field.name))
        }
        var byNumber: [Int: Int] = [:]
        var byName: [String: Int] = [:]
        for (i, field) in fields.enumerated() {
            byNumber[field.number] = i
            byName[field.name] = i
        }
        self.byNumber = byNumber
        self.byName = byName
        let dense = fields.count < Int(UInt16.max) ? fields.filter { (0...Self.denseNumberLimit).contains($0.number) } : []
        var table = [UInt16](repeating: 0, count: (dense.map(\.number).max() ?? -1) + 1)
        for field in dense { table[field.number] = UInt16(byNumber[field.number]! + 1) }
        positionByNumber = table
        hasSparseNumbers = dense.count < fields.count
    }

    /// The position in ``fields`` of the field with `number`.
    @inline(__always)
    public func position(number: Int) -> Int? {
        if number >= 0 && number < positionByNumber.count {
            let slot = positionByNumber[number]
            if slot != 0 { return Int(slot) - 1 }
        }
        return hasSparseNumbers ? byNumber[number] : nil
    }

    /// The field with `number`.
    @inline(__always)
    public func field(number: Int) -> FieldSchema? {
        position(number: number).map { fields[$0] }
    }

    /// The field whose JSON name is `name`.
    public func field(named name: String) -> FieldSchema? {
        byName[name].map { fields[$0] }
    }
}

/// Messages whose Kubernetes JSON form is a scalar or inline JSON, not an object.
public enum SpecialForm: String, Sendable {
    /// `metav1.Time`: RFC 3339 with seconds, `null` for Go's zero time.
    case time = "k8s.io.apimachinery.pkg.apis.meta.v1.Time"
    /// `metav1.MicroTime`: RFC 3339 with microseconds.
    case microTime = "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime"
    /// `metav1.Duration`: Go's duration text (`1h0m0s`).
    case duration = "k8s.io.apimachinery.pkg.apis.meta.v1.Duration"
    /// `intstr.IntOrString`: a number or a string.
    case intOrString = "k8s.io.apimachinery.pkg.util.intstr.IntOrString"
    /// `resource.Quantity`: its canonical text.
    case quantity = "k8s.io.apimachinery.pkg.api.resource.Quantity"
    /// `runtime.RawExtension`: the embedded JSON object itself.
    case rawExtension = "k8s.io.apimachinery.pkg.runtime.RawExtension"
    /// `metav1.Fields` (managed fields before FieldsV1): a nested object of its map.
    case fields = "k8s.io.apimachinery.pkg.apis.meta.v1.Fields"
}

/// One field of a message.
public struct FieldSchema: Sendable {
    /// The name, which is also the Kubernetes JSON name (the schema uses Go's JSON names).
    public let name: String
    /// The field number.
    public let number: Int
    /// The value type.
    public let type: FieldType
    /// Whether the field is repeated (maps are repeated map entries).
    public let repeated: Bool
    /// Whether a repeated scalar is written packed.
    public let packed: Bool
    /// For a map: the index of the entry message.
    public let mapEntry: Int?
    /// Whether a zero value that is present is still written to JSON (Go pointer fields and
    /// fields without `omitempty`).
    public let emitsZero: Bool
    /// Whether the field is an embedded struct whose members appear in the parent's JSON.
    public let inline: Bool

    init(_ field: Google_Protobuf_FieldDescriptorProto, index: [String: Int], mapEntries: Set<String>, emitsZero: Bool,
         inline: Bool) {
        self.inline = inline
        name = field.hasJsonName && !field.jsonName.isEmpty ? field.jsonName : field.name
        number = Int(field.number)
        repeated = field.label == .repeated
        packed = field.options.packed
        self.emitsZero = emitsZero
        let target = field.typeName.hasPrefix(".") ? String(field.typeName.dropFirst()) : field.typeName
        switch field.type {
        case .double: type = .double
        case .float: type = .float
        case .int64: type = .int64
        case .uint64: type = .uint64
        case .int32: type = .int32
        case .fixed64: type = .fixed64
        case .fixed32: type = .fixed32
        case .bool: type = .bool
        case .string: type = .string
        case .bytes: type = .bytes
        case .uint32: type = .uint32
        case .enum: type = .enumeration
        case .sfixed32: type = .sfixed32
        case .sfixed64: type = .sfixed64
        case .sint32: type = .sint32
        case .sint64: type = .sint64
        case .message, .group: type = .message(index[target] ?? -1)
        }
        if case .message(let i) = type, i >= 0, field.label == .repeated, mapEntries.contains(target) {
            mapEntry = i
        } else {
            mapEntry = nil
        }
    }
}

/// The protobuf type of a field.
public enum FieldType: Sendable, Equatable {
    case double, float, int64, uint64, int32, fixed64, fixed32, bool, string, bytes, uint32
    case enumeration, sfixed32, sfixed64, sint32, sint64
    /// A message, by index into ``KubeSchema/messages`` (-1: not in the set).
    case message(Int)

    /// The wire type this field's values use (unpacked).
    var wireType: UInt8 {
        switch self {
        case .int64, .uint64, .int32, .bool, .uint32, .enumeration, .sint32, .sint64: return 0
        case .fixed64, .sfixed64, .double: return 1
        case .string, .bytes, .message: return 2
        case .fixed32, .sfixed32, .float: return 5
        }
    }
}
