/// How an object is stored in etcd.
public enum StorageEncoding: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// JSON text (PodDeck's sandbox, apiservers configured for JSON storage).
    case json
    /// The apiserver's protobuf envelope: `k8s\0` + `runtime.Unknown` (the default since 1.6).
    case protobuf

    /// `json` or `protobuf`.
    public var description: String { rawValue }
}
