/// What a value under the registry is, judged from its first bytes, before decoding it.
public enum StoredValueFormat: Sendable, Hashable, CustomStringConvertible {
    /// JSON text (starts with `{` after optional whitespace).
    case json
    /// `k8s\0` followed by a protobuf `runtime.Unknown`.
    case protobuf
    /// Encrypted at rest by the apiserver: `k8s:enc:<provider>:v1:<key name>:` and ciphertext.
    case encrypted(provider: String, key: String)
    /// Anything else, with the reason it is none of the above.
    case unrecognized(reason: String)

    /// The magic bytes of the protobuf envelope.
    public static let protobufMagic: [UInt8] = [0x6B, 0x38, 0x73, 0x00]
    /// The prefix of values encrypted at rest.
    public static let encryptedPrefix: [UInt8] = Array("k8s:enc:".utf8)

    /// Classifies `bytes`.
    public static func detect(_ bytes: [UInt8]) -> StoredValueFormat {
        if bytes.starts(with: protobufMagic) { return .protobuf }
        if bytes.starts(with: encryptedPrefix) { return encrypted(bytes) }
        guard let first = bytes.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) else {
            return .unrecognized(reason: "empty value")
        }
        if first == UInt8(ascii: "{") { return .json }
        if bytes.starts(with: Array("k8s".utf8)) {
            return .unrecognized(reason: "starts with \"k8s\" but is neither the protobuf envelope (k8s\\0) nor encrypted (k8s:enc:)")
        }
        if first == UInt8(ascii: "[") || first == UInt8(ascii: "\"") || (first >= 0x30 && first <= 0x39) || first == UInt8(ascii: "-")
            || bytes.starts(with: Array("null".utf8)) || bytes.starts(with: Array("true".utf8)) || bytes.starts(with: Array("false".utf8)) {
            return .json
        }
        return .unrecognized(reason: "neither JSON, the Kubernetes protobuf envelope (k8s\\0) nor an encrypted value (k8s:enc:); first byte 0x\(String(first, radix: 16))")
    }

    private static func encrypted(_ bytes: [UInt8]) -> StoredValueFormat {
        // k8s:enc:<provider>:v1:<key>:<ciphertext>; names are printable ASCII.
        var parts: [String] = []
        var current: [UInt8] = []
        for byte in bytes.dropFirst(encryptedPrefix.count).prefix(300) {
            if byte == UInt8(ascii: ":") {
                parts.append(String(decoding: current, as: UTF8.self))
                current = []
                if parts.count == 3 { break }
            } else if byte < 0x20 || byte > 0x7E {
                break
            } else {
                current.append(byte)
            }
        }
        if parts.count == 3, parts[1] == "v1", !parts[0].isEmpty {
            return .encrypted(provider: parts[0], key: parts[2])
        }
        if parts.count >= 1, !parts[0].isEmpty {
            return .encrypted(provider: parts[0], key: "")
        }
        return .encrypted(provider: "unknown", key: "")
    }

    /// `json`, `protobuf`, `encrypted (aescbc, key key1)` or the reason.
    public var description: String {
        switch self {
        case .json: "json"
        case .protobuf: "protobuf"
        case .encrypted(let provider, let key): key.isEmpty ? "encrypted (\(provider))" : "encrypted (\(provider), key \(key))"
        case .unrecognized(let reason): reason
        }
    }
}
