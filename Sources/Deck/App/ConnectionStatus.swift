import Foundation
import Ops
import TerminalText

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
    public var record: PodRecord? {
        didSet { yaml = record.map(Self.yamlLines) ?? [] }
    }
    /// Why it could not be loaded.
    public var error: String?
    /// Still loading.
    public var loading: Bool
    /// The record as `poddeck get pod -o yaml` prints it, one sanitised string per line (empty
    /// without a record): printed once when the pod arrives, so that a YAML pane costs only its
    /// visible lines per frame.
    public private(set) var yaml: [String]

    /// A pod being loaded, loaded, gone (no record) or unreadable (`error`).
    public init(key: PodKey, record: PodRecord?, error: String?, loading: Bool) {
        self.key = key
        self.record = record
        self.error = error
        self.loading = loading
        yaml = record.map(Self.yamlLines) ?? []
    }

    /// The lines of `record` as YAML, sanitised.
    static func yamlLines(_ record: PodRecord) -> [String] {
        PodPrinter.document(record.pod.presented(), format: .yaml)
            .split(separator: "\n", omittingEmptySubsequences: false).map { Sanitizer.clean(String($0)) }
    }
}
