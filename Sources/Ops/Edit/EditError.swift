import Etcd

/// Why an edit could not start.
public enum EditError: Error, Sendable, CustomStringConvertible {
    /// No pod has this key.
    case notFound(PodKey)
    /// The value under the key is not a readable pod.
    case unreadable(PodKey, String)
    /// etcd failed.
    case etcd(EtcdError)
    /// The edit file could not be written.
    case file(EditFileError)
    /// Writes are refused (read-only mode).
    case readOnly
    /// The version asked for cannot be restored (it is not a readable pod).
    case unusableVersion(String)

    /// One line: what failed, where, what to do.
    public var description: String {
        switch self {
        case .notFound(let key): return "pod \(key) not found"
        case .unreadable(let key, let reason): return "pod \(key) cannot be edited: the stored value is not a readable pod (\(reason))"
        case .etcd(let error): return error.description
        case .file(let error): return error.description
        case .readOnly: return ReadOnly.refusal("edit").description
        case .unusableVersion(let reason): return reason
        }
    }
}
