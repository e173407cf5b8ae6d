import Foundation
import Ops

/// What the dashboard knows about etcd right now: honest about freshness.
public struct ConnectionStatus: Sendable, Equatable {
    /// The endpoint that answered last.
    public var endpoint: String?
    /// The endpoints being tried, as shown before any answered (`127.0.0.1:2379`, or
    /// `10.0.0.1:2379 +2` for several).
    public var target: String?
    /// Store revision of the data shown.
    public var revision: Int64 = 0
    /// When data last arrived.
    public var lastSuccess: Date?
    /// Why the last attempt failed (nil when it succeeded).
    public var error: String?
    /// When the next attempt happens.
    public var nextRetry: Date?
    /// Whether a first load is still in progress.
    public var loading = true
    /// Whether live updates come from a watch as well as polls.
    public var watching = false

    /// Whether what is shown may be out of date.
    public var isStale: Bool { error != nil }
}

/// A pod loaded for the detail or YAML view.
public struct LoadedPod: Sendable, Equatable {
    /// The key.
    public var key: PodKey
    /// The record, when loaded and present.
    public var record: PodRecord?
    /// Why it could not be loaded.
    public var error: String?
    /// Still loading.
    public var loading: Bool
}

/// A scrollable text pane's state (detail, YAML, help).
public struct PaneState: Sendable, Equatable {
    /// First line shown.
    public var offset = 0
    /// The last search.
    public var query: String?
    /// Lines matching the query.
    public var matches: [Int] = []
    /// Index into `matches`.
    public var current: Int?
}
