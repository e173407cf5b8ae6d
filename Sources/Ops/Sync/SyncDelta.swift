import Foundation

/// Changes from one sync (a poll or watch events), applied by `update`.
public struct SyncDelta: Sendable {
    /// New or changed rows.
    public var upserts: [PodRow]
    /// Keys that no longer exist.
    public var deletions: [PodKey]
    /// The complete unreadable list, when the sync was a full listing (nil: unchanged).
    public var unreadable: [UnreadableEntry]?
    /// Store revision of the sync.
    public var revision: Int64
    /// Endpoint that answered.
    public var endpoint: String
    /// Whether this sync replaces everything (first load, namespace switch, relist).
    public var replacesAll: Bool
    /// When it completed.
    public var at: Date
    /// Which listing this belongs to (stale results from a previous namespace are dropped).
    public var generation: Int
    /// The probes of each upserted pod (planned from its spec when the sync decoded it).
    public var probePlans: [PodKey: [PlannedProbe]] = [:]
    /// The first page of a first listing, shown while the rest is read: the rows are real, the
    /// listing is not complete (the complete one follows and replaces it).
    public var partial = false
    /// Of a first page: how many pods the whole listing holds (room is made for them at once).
    public var expectedCount = 0

    /// Creates a delta.
    public init(upserts: [PodRow], deletions: [PodKey], unreadable: [UnreadableEntry]?, revision: Int64,
                endpoint: String, replacesAll: Bool, at: Date, generation: Int) {
        self.upserts = upserts
        self.deletions = deletions
        self.unreadable = unreadable
        self.revision = revision
        self.endpoint = endpoint
        self.replacesAll = replacesAll
        self.at = at
        self.generation = generation
    }
}
