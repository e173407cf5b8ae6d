/// What a bulk operation did.
public struct BulkReport: Sendable, Equatable {
    /// Pods written (or deleted), in the order given.
    public var written: [PodKey] = []
    /// Pods the change left as they were (nothing written to them).
    public var unchanged: [PodKey] = []
    /// Pods that were gone by the time the change reached them.
    public var gone: [PodKey] = []
    /// The revision of each transaction that landed (one unless written in chunks).
    public var revisions: [Int64] = []
    /// Transactions that failed their compare and were retried on the current pods.
    public var conflicts = 0

    /// Creates an empty report.
    public init() {}
}

/// The outcome of a bulk operation.
public enum BulkOutcome: Sendable, Equatable {
    /// Done: every pod changed, was already as wanted, or was gone.
    case done(BulkReport)
    /// A compare failed with no retries left: the pods in `changed` are not at the revision they
    /// were shown at; the transaction that met them wrote nothing (`report` holds earlier chunks).
    case conflict(changed: [ChangedPod], report: BulkReport)
    /// More than one transaction may hold and chunks were not allowed: nothing was written.
    case tooLarge(pods: Int, chunks: Int, limits: BulkLimits)
    /// The change makes some pods invalid (one line each); nothing more was written.
    case invalid([String], report: BulkReport)
    /// etcd or the store failed; nothing more was written (or, for an unknown outcome, the
    /// message says so).
    case failed(String, report: BulkReport)
}
