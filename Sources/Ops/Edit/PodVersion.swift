import PodModel

/// One version of a pod that etcd still holds.
public struct PodVersion: Sendable, Equatable {
    /// The revision that wrote this version (its `mod_revision`, the resourceVersion).
    public var revision: Int64
    /// etcd's per-key version counter (1 for the write that created the key).
    public var version: Int64
    /// The revision that created the key.
    public var createRevision: Int64
    /// The pod; nil when the stored value was not a readable pod.
    public var pod: Pod?
    /// Why the stored value is not a readable pod, when it is not.
    public var problem: String?
    /// Field changes from the previous (older) version; empty for the oldest version shown.
    public var changes: [FieldChange]
    /// The unified diff (YAML, without `resourceVersion`) from the previous version; empty for
    /// the oldest version shown.
    public var diff: String

    /// Creates a version.
    public init(revision: Int64, version: Int64, createRevision: Int64, pod: Pod?, problem: String?,
                changes: [FieldChange], diff: String) {
        self.revision = revision
        self.version = version
        self.createRevision = createRevision
        self.pod = pod
        self.problem = problem
        self.changes = changes
        self.diff = diff
    }

    /// The paths of ``changes``.
    public var changedPaths: [String] { changes.map(\.path) }

    /// Whether this write created the key.
    public var isCreation: Bool { revision == createRevision }

    /// The version as a record of `key`.
    public func record(_ key: PodKey) -> PodRecord? {
        pod.map { PodRecord(key: key, pod: $0, createRevision: createRevision, modRevision: revision) }
    }
}
