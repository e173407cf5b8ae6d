/// Why a stored value or a supplied document is not a usable pod.
public enum PodDecodeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The value has no bytes (or only whitespace).
    case empty
    /// The value starts with `k8s\0`: it is stored as Kubernetes protobuf, not JSON.
    case kubernetesProtobuf
    /// The value contains NUL bytes or is not valid UTF-8.
    case binary
    /// The value is not valid JSON (a truncated value is reported here too).
    case malformedJSON(JSONParseError)
    /// The value is JSON, but not an object.
    case notAnObject
    /// The object has a `kind` other than `Pod`.
    case notAPod(kind: String)
    /// `metadata.resourceVersion` is neither empty nor a non-negative integer.
    case invalidResourceVersion(String)

    /// A one-line explanation, e.g. `truncated JSON at byte 512`.
    public var description: String {
        switch self {
        case .empty:
            "empty value"
        case .kubernetesProtobuf:
            "stored as Kubernetes protobuf, not JSON"
        case .binary:
            "binary data (NUL bytes or invalid UTF-8), not JSON"
        case .malformedJSON(let error) where error.isTruncated:
            "truncated JSON at byte \(error.offset)"
        case .malformedJSON(let error):
            "malformed JSON at \(error)"
        case .notAnObject:
            "JSON value is not an object"
        case .notAPod(let kind):
            "not a Pod (kind \"\(kind)\")"
        case .invalidResourceVersion(let text):
            "invalid metadata.resourceVersion \"\(text)\": must be an integer"
        }
    }
}
