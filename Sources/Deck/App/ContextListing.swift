import Foundation

/// The contexts of the config file as `:ctx` lists them, with whether each cluster answers.
public struct ContextListing: Sendable, Equatable {
    /// Which listing this is (answers to an older one are dropped).
    public var id: Int
    /// The config file read.
    public var configPath: String
    /// One row per context, in file order.
    public var rows: [ContextRow]
    /// Why the file could not be read (no rows then).
    public var error: String?
    /// Still reading the file.
    public var loading: Bool

    /// Creates a listing.
    public init(id: Int, configPath: String = "", rows: [ContextRow] = [], error: String? = nil, loading: Bool = false) {
        self.id = id
        self.configPath = configPath
        self.rows = rows
        self.error = error
        self.loading = loading
    }
}

/// One context of the listing.
public struct ContextRow: Sendable, Equatable {
    /// Its name.
    public var name: String
    /// The endpoints it resolves to (flags and environment included, as a switch would use them).
    public var endpoints: [String]
    /// Whether it is read-only.
    public var readonly: Bool
    /// Whether its cluster answers.
    public var reach: ContextReach

    /// Creates a row.
    public init(name: String, endpoints: [String], readonly: Bool, reach: ContextReach) {
        self.name = name
        self.endpoints = endpoints
        self.readonly = readonly
        self.reach = reach
    }
}

/// Whether a context's cluster answers a quick status call.
public enum ContextReach: Sendable, Equatable {
    /// The call is under way.
    case checking
    /// A member answered: its server version and the store's revision.
    case reachable(version: String, revision: Int64)
    /// No member answered in time, or the call failed.
    case unreachable(String)
    /// The context's settings cannot be used (a bad value, an unreadable file).
    case invalid(String)
}

/// What the runtime hands `update` once it has connected to another context: everything the
/// screen needs from the new settings.
public struct ContextSwitch: Sendable {
    /// The context now in use (nil: the top-level keys alone).
    public var context: String?
    /// The listing generation the new cluster's pod sync runs at.
    public var generation: Int
    /// Namespace shown (nil: all).
    public var namespace: String?
    /// Read-only.
    public var readonly: Bool
    /// Poll period.
    public var pollInterval: Duration
    /// Whether probes run.
    public var probesEnabled: Bool
    /// What the logs view needs.
    public var logSettings: LogSettings
    /// The theme (the context's, or the one in use when the context names the same).
    public var theme: Theme
    /// The endpoints tried first, as the header shows them before an answer.
    public var endpoints: [String]
    /// The clock origin of the new probe scheduler.
    public var probeEpoch: Date
    /// Whether images are pulled as the kubelet would (`autoPull` in the new settings).
    public var autoPull = false
    /// `probes.maxPods` of the new settings.
    public var probeMaxPods = 0
}
