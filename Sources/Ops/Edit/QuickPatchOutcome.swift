/// What a quick patch did.
public enum QuickPatchOutcome: Sendable, Hashable {
    /// Written at `revision`, after re-applying it `conflicts` times to a pod that had changed.
    case patched(revision: Int64, conflicts: Int)
    /// The pod already had it: nothing written.
    case unchanged(revision: Int64)
    /// The change cannot be made or makes the pod invalid (every error): nothing written.
    case invalid([String])
    /// The pod does not exist (or was deleted meanwhile).
    case notFound
    /// The key holds a value that is not a readable pod: nothing written.
    case unreadable(UnreadableEntry)
    /// The pod changed on every one of `attempts` tries: nothing written.
    case gaveUp(attempts: Int)
    /// etcd failed or writes are refused: nothing written (or, when the answer was lost, perhaps
    /// written: the text says so).
    case failed(String)
}
