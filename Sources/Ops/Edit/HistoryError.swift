import Etcd

/// Why a history could not be read.
public enum HistoryError: Error, Sendable, CustomStringConvertible {
    /// No pod has this key.
    case notFound(PodKey)
    /// etcd failed.
    case etcd(EtcdError)

    /// One line.
    public var description: String {
        switch self {
        case .notFound(let key): return "pod \(key) not found"
        case .etcd(let error): return error.description
        }
    }
}
