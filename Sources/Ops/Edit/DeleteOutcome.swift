/// What a delete at a revision did.
public enum DeleteOutcome: Sendable, Equatable {
    /// Deleted; the store is at `revision`.
    case deleted(revision: Int64)
    /// It changed since the check: nothing deleted (verify again and ask again).
    case changed(PodRecord)
    /// It was already deleted.
    case alreadyGone
    /// Its key now holds a value that is not a readable pod: nothing deleted.
    case unreadable(UnreadableEntry)
    /// etcd failed or writes are refused.
    case failed(String)
}
