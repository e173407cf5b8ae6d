import PodModel

/// One pod of a many-pod write: the revision it must still be at and what to do with it.
public struct PodChange: Sendable, Equatable {
    /// What happens to the pod.
    public enum Action: Sendable, Equatable {
        /// Writes this pod (in the encoding it is stored in).
        case update(Pod)
        /// Deletes the pod.
        case delete
    }

    /// The pod.
    public var key: PodKey
    /// The `mod_revision` it must still be at.
    public var baseRevision: Int64
    /// What to do with it.
    public var action: Action

    /// Creates a change.
    public init(key: PodKey, baseRevision: Int64, action: Action) {
        self.key = key
        self.baseRevision = baseRevision
        self.action = action
    }
}

/// A pod that is no longer at the revision a many-pod write expected.
public struct ChangedPod: Sendable, Equatable {
    /// The pod.
    public var key: PodKey
    /// The revision the write expected.
    public var expectedRevision: Int64
    /// Its current `mod_revision`; nil when it no longer exists.
    public var currentRevision: Int64?
    /// The pod as it is now (nil when gone or unreadable).
    public var current: PodRecord?

    /// Creates an entry.
    public init(key: PodKey, expectedRevision: Int64, currentRevision: Int64?, current: PodRecord?) {
        self.key = key
        self.expectedRevision = expectedRevision
        self.currentRevision = currentRevision
        self.current = current
    }

    /// One phrase: `shop/web (revision 12, now 15)` or `shop/web (deleted)`.
    public var summary: String {
        if let currentRevision { return "\(key) (revision \(expectedRevision), now \(currentRevision))" }
        return "\(key) (deleted since revision \(expectedRevision))"
    }
}

/// The outcome of one many-pod transaction.
public enum BulkWriteOutcome: Sendable, Equatable {
    /// Every compare held; every written pod is at `revision`.
    case written(revision: Int64)
    /// Some pods changed; nothing was written.
    case conflict(changed: [ChangedPod])
}
