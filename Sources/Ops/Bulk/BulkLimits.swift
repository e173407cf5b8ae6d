import Etcd

/// How much one etcd transaction may hold: the server's `--max-txn-ops` and
/// `--max-request-bytes` (defaults 128 and 1.5 MiB).
public struct BulkLimits: Sendable, Equatable {
    /// The most pods (compares) in one transaction.
    public var maxOps: Int
    /// The most request bytes of one transaction.
    public var maxBytes: Int

    /// Creates limits; the defaults are etcd's.
    public init(maxOps: Int = EtcdClient.defaultMaxTxnOps, maxBytes: Int = EtcdClient.defaultMaxRequestBytes) {
        self.maxOps = max(1, maxOps)
        self.maxBytes = max(1024, maxBytes)
    }
}
