import PodModel

/// What the change of a guaranteed update makes of the pod as it is now.
public enum UpdateStep<Stop: Sendable>: Sendable {
    /// Write this pod, compared against the revision of the pod the change was made on.
    case write(Pod)
    /// Write nothing: the update ends with ``UpdateOutcome/stopped(_:conflicts:)``.
    case stop(Stop)
}

/// What a guaranteed update did. Nothing was written unless it says `saved` or `merged` (or,
/// for `outcomeUnknown`, perhaps).
public enum UpdateOutcome<Stop: Sendable>: Sendable {
    /// Written over the revision the update started from; the pod is now at `revision`.
    case saved(revision: Int64)
    /// Written after the pod had changed `conflicts` times: each time the change was made again
    /// on the version the failed compare returned. The pod is now at `revision`.
    case merged(revision: Int64, conflicts: Int)
    /// The change stopped before writing (it is already there, or cannot be made), after the pod
    /// had changed `conflicts` times.
    case stopped(Stop, conflicts: Int)
    /// The pod changed on every attempt, `attempts` times (more than the retries allowed);
    /// `current` is the pod as the last failed compare returned it.
    case conflict(current: PodRecord, attempts: Int)
    /// The pod does not exist: absent when first read (`meanwhile` false), or deleted since the
    /// version the update worked on (`meanwhile` true).
    case deleted(meanwhile: Bool)
    /// The key holds a value that is not a readable pod; the entry says why and at which revision.
    case unreadable(UnreadableEntry)
    /// The answer to a write was lost more often than a write is sent again: it may or may not
    /// have landed.
    case outcomeUnknown(StoreError)
    /// etcd failed, or the pod cannot be written in its encoding: nothing written.
    case failed(StoreError)
}

/// What a create-only write did.
public enum CreateOutcome: Sendable {
    /// Created; the pod is at `revision`.
    case created(revision: Int64)
    /// A pod already exists under the key (read in the same transaction): nothing written.
    case exists(PodRecord)
    /// The key holds a value that is not a readable pod: nothing written.
    case unreadable(UnreadableEntry)
    /// The answer was lost more often than the create is sent again: it may or may not have landed.
    case outcomeUnknown(StoreError)
    /// etcd failed, or the pod cannot be written in the chosen encoding: nothing written.
    case failed(StoreError)
}

/// What a delete at a revision did.
public enum ConditionalDeleteOutcome: Sendable {
    /// Deleted; the store is at `revision`.
    case deleted(revision: Int64)
    /// The pod is at another revision than `expected` (it is `current`): nothing deleted.
    case changed(current: PodRecord, expected: Int64)
    /// There is nothing under the key (it was already deleted).
    case absent
    /// The key holds, at another revision than `expected`, a value that is not a readable pod:
    /// nothing deleted.
    case unreadable(UnreadableEntry, expected: Int64)
    /// The answer was lost: the delete may or may not have landed.
    case outcomeUnknown(StoreError)
    /// etcd failed: nothing deleted.
    case failed(StoreError)
}
