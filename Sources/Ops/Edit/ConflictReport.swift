import PodModel

/// A save that collided with a concurrent change to the same fields.
public struct ConflictReport: Sendable, Equatable {
    /// The pod.
    public var key: PodKey
    /// The revision the edit started from.
    public var baseRevision: Int64
    /// The pod as it is now, returned by the failed transaction.
    public var current: PodRecord
    /// What the operator wanted to write.
    public var mine: Pod
    /// Each field both sides changed, with the base, my and their value (mine equals theirs
    /// when they made the same change).
    public var conflicts: [MergeConflict]
    /// When the merge had no contested field but the merged pod is invalid: its validation
    /// errors (both changes are fine alone, not together).
    public var mergeProblems: [String]
    /// How many fields I changed relative to the base.
    public var myChangeCount: Int
    /// How many fields they changed relative to the base.
    public var theirChangeCount: Int

    /// Creates a report.
    public init(key: PodKey, baseRevision: Int64, current: PodRecord, mine: Pod, conflicts: [MergeConflict],
                mergeProblems: [String], myChangeCount: Int, theirChangeCount: Int) {
        self.key = key
        self.baseRevision = baseRevision
        self.current = current
        self.mine = mine
        self.conflicts = conflicts
        self.mergeProblems = mergeProblems
        self.myChangeCount = myChangeCount
        self.theirChangeCount = theirChangeCount
    }

    /// The revision the pod is at now.
    public var currentRevision: Int64 { current.modRevision }

    /// One line per contested field: `path: base X, mine Y, theirs Z` (values as compact JSON,
    /// `(absent)` for a missing field), then any problem of the merged pod.
    public var lines: [String] {
        conflicts.map(\.description) + mergeProblems.map { "merged pod: \($0)" }
    }
}
