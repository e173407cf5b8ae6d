/// Why bytes are not a readable Kubernetes protobuf object, or why a JSON object cannot be
/// written as one. Each case names the field path where it happened.
public enum ProtobufError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bytes end inside a field.
    case truncated(path: String, offset: Int)
    /// A varint longer than 10 bytes.
    case malformedVarint(path: String, offset: Int)
    /// A wire type protobuf does not define, or a group (3/4), or field number 0.
    case invalidTag(path: String, offset: Int, tag: UInt64)
    /// A length that runs past the end of the enclosing message.
    case lengthOutOfRange(path: String, offset: Int, length: UInt64)
    /// A known field arrived with the wrong wire type.
    case wrongWireType(path: String, wireType: UInt8, expected: UInt8)
    /// Messages nested deeper than ``ProtobufLimits/maximumDepth``.
    case tooDeep(path: String)
    /// A value that has no Kubernetes JSON form (a time outside years 0–9999, a map entry
    /// without a key, a non-UTF-8 map key).
    case invalidValue(path: String, reason: String)
    /// The JSON names a field the protobuf schema does not have.
    case unknownField(path: String)
    /// The JSON value has the wrong type for the field.
    case typeMismatch(path: String, expected: String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .truncated(let path, let offset):
            "truncated protobuf at byte \(offset)\(Self.at(path))"
        case .malformedVarint(let path, let offset):
            "malformed varint at byte \(offset)\(Self.at(path))"
        case .invalidTag(let path, let offset, let tag):
            "invalid protobuf tag \(tag) (field \(tag >> 3), wire type \(tag & 7)) at byte \(offset)\(Self.at(path))"
        case .lengthOutOfRange(let path, let offset, let length):
            "length \(length) at byte \(offset) runs past the end of the message\(Self.at(path))"
        case .wrongWireType(let path, let wireType, let expected):
            "field \(path) has wire type \(wireType), expected \(expected)"
        case .tooDeep(let path):
            "messages nested deeper than \(ProtobufLimits.maximumDepth) levels at \(path)"
        case .invalidValue(let path, let reason):
            "\(path): \(reason)"
        case .unknownField(let path):
            "\(path): field not in the Kubernetes v1 protobuf schema (k8s-proto 0.0.3); it cannot be stored as protobuf"
        case .typeMismatch(let path, let expected):
            "\(path): expected \(expected)"
        }
    }

    private static func at(_ path: String) -> String { path.isEmpty ? "" : " in \(path)" }
}

/// Limits that keep hostile input cheap.
public enum ProtobufLimits {
    /// The deepest nesting of messages the decoder follows (Kubernetes' own objects stay far
    /// below; Go's protobuf runtime uses 10,000, swift-protobuf 100).
    public static let maximumDepth = 100
}
