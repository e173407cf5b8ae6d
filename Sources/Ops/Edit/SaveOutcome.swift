/// What happened to a save.
public enum SaveOutcome: Sendable, Equatable {
    /// Written on the base revision; the pod is now at `revision`.
    case saved(revision: Int64)
    /// The pod had changed, but not in the fields I changed: both changes were merged,
    /// validated and written at `revision` (after as many re-merges as it took).
    case merged(revision: Int64, mine: Int, theirs: Int)
    /// Both sides changed the same fields (even to the same value), or the merge is invalid:
    /// nothing written.
    case conflict(ConflictReport)
    /// The pod was deleted since the edit started: nothing written.
    case deletedMeanwhile
    /// The pod's key now holds a value that is not a readable pod: nothing written.
    case unreadable(UnreadableEntry)
    /// The write was sent but its answer was lost, and the retry could not settle whether it
    /// landed: the text says what to check. The file is kept.
    case outcomeUnknown(String)
    /// etcd failed, the pod already exists (create), or writes are refused: nothing written
    /// (the text says what and what to do).
    case failed(String)

    /// Whether the edit was written (saved or merged).
    public var isSuccess: Bool {
        switch self {
        case .saved, .merged: return true
        default: return false
        }
    }
}
