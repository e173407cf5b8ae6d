/// A key and its value as etcd holds them, with the revisions etcd keeps for it.
public struct KeyValue: Sendable, Hashable {
    /// The raw key bytes.
    public var key: [UInt8]
    /// The raw value bytes.
    public var value: [UInt8]
    /// Revision of the transaction that created the key.
    public var createRevision: Int64
    /// Revision of the last change to the key (Kubernetes' resourceVersion).
    public var modRevision: Int64
    /// Number of changes since creation.
    public var version: Int64

    /// Creates a key-value.
    public init(key: [UInt8], value: [UInt8], createRevision: Int64, modRevision: Int64, version: Int64) {
        self.key = key
        self.value = value
        self.createRevision = createRevision
        self.modRevision = modRevision
        self.version = version
    }

    /// The key as text (invalid UTF-8 replaced).
    public var keyString: String { String(decoding: key, as: UTF8.self) }
}

/// The result of a read: key-values and the store revision they were read at.
public struct RangeResult: Sendable {
    /// Key-values in key order.
    public var kvs: [KeyValue]
    /// The store revision of the read (all pages pinned to it).
    public var revision: Int64
    /// The endpoint that answered.
    public var endpoint: EtcdEndpoint
    /// Of a page: whether more pages follow.
    public var more = false
    /// Of a page: how many keys etcd counted from this page's first key to the end of the range
    /// (the first page's count is the whole listing's).
    public var remaining: Int64 = 0

    /// Creates a result.
    public init(kvs: [KeyValue], revision: Int64, endpoint: EtcdEndpoint) {
        self.kvs = kvs
        self.revision = revision
        self.endpoint = endpoint
    }
}

/// The outcome of a compare-and-swap transaction.
public enum CASResult: Sendable, Equatable {
    /// The write landed; the store revision after it.
    case succeeded(revision: Int64)
    /// The compare failed. `current` is the key as it is now (nil when it does not exist),
    /// read in the same transaction; `revision` is the store revision.
    case conflict(current: KeyValue?, revision: Int64)
}

/// The status of one member as reported by the Maintenance API.
public struct EndpointStatus: Sendable, Hashable {
    /// The endpoint that answered.
    public var endpoint: EtcdEndpoint
    /// etcd server version.
    public var version: String
    /// Member id of the answering member.
    public var memberID: UInt64
    /// Member id of the current leader (0 when none).
    public var leader: UInt64
    /// Current store revision.
    public var revision: Int64
    /// Raft term.
    public var raftTerm: UInt64
    /// Size of the backend database in bytes.
    public var dbSize: Int64
}
