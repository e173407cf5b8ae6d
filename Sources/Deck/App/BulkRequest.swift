import Ops

/// A pod as the dashboard showed it: its key and revision.
public struct ShownPod: Sendable, Equatable {
    /// The pod.
    public var key: PodKey
    /// The revision shown.
    public var revision: Int64

    /// Creates one.
    public init(key: PodKey, revision: Int64) {
        self.key = key
        self.revision = revision
    }
}

/// A bulk action on marked pods, as the dashboard asks the engine for it.
public struct BulkRequest: Sendable, Equatable {
    /// What to do.
    public var action: BulkAction
    /// The pods, at the revisions shown.
    public var pods: [ShownPod]
    /// Whether the operator agreed to atomic chunks.
    public var allowChunks = false

    /// Creates a request.
    public init(action: BulkAction, pods: [ShownPod], allowChunks: Bool = false) {
        self.action = action
        self.pods = pods
        self.allowChunks = allowChunks
    }
}

/// What the engine reports about a bulk action that needs the operator again.
public enum BulkEvent: Sendable {
    /// Some pods changed since they were shown; nothing was written.
    case changed(BulkRequest, changed: [ChangedPod])
    /// One transaction cannot hold every pod; nothing was written.
    case tooLarge(BulkRequest, pods: Int, chunks: Int, maxOps: Int)
}
