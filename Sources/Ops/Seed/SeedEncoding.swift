import KubeStorage

/// How `poddeck seed` stores the pods it writes.
public enum SeedEncoding: String, Sendable, CaseIterable {
    /// Every pod as JSON.
    case json
    /// Every pod in the apiserver's protobuf envelope (fields the 2019 schema lacks, such as
    /// `status.podIPs`, are left out).
    case protobuf
    /// Namespace by namespace: every second namespace (in the seed's namespace order) protobuf,
    /// the others JSON, so that both sit side by side and a create follows its namespace.
    case mixed

    /// The encoding of the pods of the namespace at `namespaceIndex`.
    public func encoding(namespaceIndex: Int) -> StorageEncoding {
        switch self {
        case .json: .json
        case .protobuf: .protobuf
        case .mixed: namespaceIndex % 2 == 1 ? .protobuf : .json
        }
    }
}
