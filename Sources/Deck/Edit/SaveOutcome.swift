/// What happened to a save.
public enum SaveOutcome: Sendable, Equatable {
    /// Written on the base revision; the pod is now at `revision`.
    case saved(revision: Int64)
    /// The pod had changed, but not in the fields I changed: both changes were merged,
    /// validated and written at `revision` (after as many re-merges as it took).
    case merged(revision: Int64, mine: Int, theirs: Int)
    /// The pod had changed and already holds every change I made: nothing written.
    case alreadyApplied(revision: Int64)
    /// Both sides changed the same fields differently (or the merge is invalid): nothing written.
    case conflict(ConflictReport)
    /// The pod was deleted since the edit started: nothing written.
    case deletedMeanwhile
    /// etcd failed, the pod already exists (create), or writes are refused: nothing written
    /// (the text says what and what to do).
    case failed(String)

    /// Whether the pod now holds the edit (saved, merged, or already applied).
    public var isSuccess: Bool {
        switch self {
        case .saved, .merged, .alreadyApplied: return true
        default: return false
        }
    }
}
