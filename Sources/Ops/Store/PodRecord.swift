import Etcd
import KubeStorage
import PodModel

/// A pod as read from etcd: its key, document, and the revisions etcd keeps for it.
public struct PodRecord: Sendable, Equatable {
    /// Namespace and name (from the etcd key).
    public var key: PodKey
    /// The document; `resourceVersion` is the key's `mod_revision`.
    public var pod: Pod
    /// Revision that created the key.
    public var createRevision: Int64
    /// Revision of the last change (the resourceVersion).
    public var modRevision: Int64
    /// How the value is stored (and is written back).
    public var encoding: StorageEncoding

    /// The storage encoding for people: `JSON` or `Kubernetes protobuf`.
    public var storageText: String { encoding == .protobuf ? "Kubernetes protobuf (k8s\\0 envelope)" : "JSON" }

    /// Creates a record.
    public init(key: PodKey, pod: Pod, createRevision: Int64, modRevision: Int64, encoding: StorageEncoding = .json) {
        self.key = key
        self.pod = pod
        self.createRevision = createRevision
        self.modRevision = modRevision
        self.encoding = encoding
    }
}

/// A value under the pods prefix that is not a readable pod.
public struct UnreadableEntry: Error, Sendable, Hashable {
    /// The raw etcd key (sanitise before display).
    public var etcdKey: String
    /// The pod key when the etcd key has the `<ns>/<name>` shape.
    public var key: PodKey?
    /// Why it could not be read.
    public var reason: String
    /// Size of the value in bytes.
    public var size: Int
    /// The key's mod revision.
    public var modRevision: Int64
    /// For a value encrypted at rest: the provider and key that encrypted it.
    public var encryption: Encryption? = nil

    /// How the apiserver encrypted a value at rest (`k8s:enc:<provider>:v1:<key>:`).
    public struct Encryption: Sendable, Hashable {
        /// The provider (`aescbc`, `aesgcm`, `secretbox`, `kms`).
        public var provider: String
        /// The key name.
        public var key: String
    }
}

extension UnreadableEntry {
    /// Why nothing could be done to `key`: `pod NS/NAME is unreadable: the value stored at
    /// revision N is not a readable pod (REASON)`. Sanitise before display.
    public func line(for key: PodKey) -> String {
        "pod \(key) is unreadable: the value stored at revision \(modRevision) is not a readable pod (\(reason))"
    }
}

/// One consistent listing of pods.
public struct PodListing: Sendable {
    /// Readable pods in key order.
    public var records: [PodRecord]
    /// Values that could not be read as pods.
    public var unreadable: [UnreadableEntry]
    /// The store revision of the listing.
    public var revision: Int64
    /// The endpoint that answered.
    public var endpoint: EtcdEndpoint
}

/// The outcome of one compare-and-swap.
public enum WriteOutcome: Sendable, Equatable {
    /// The write landed at `revision`.
    case written(revision: Int64)
    /// The compare failed; `current` is what the key holds now, read in the same transaction.
    case conflict(current: StoredPod, revision: Int64)
}

/// What a pod's key holds, as a read or a failed compare found it.
public enum StoredPod: Sendable, Equatable {
    /// A readable pod.
    case pod(PodRecord)
    /// Nothing: the pod does not exist.
    case absent
    /// A value that is not a readable pod (bytes another program wrote, a value encrypted at
    /// rest); the entry says why.
    case unreadable(UnreadableEntry)

    /// The pod, when the key holds a readable one.
    public var record: PodRecord? {
        if case .pod(let record) = self { return record }
        return nil
    }
}
