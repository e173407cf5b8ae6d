import Docker
import PodModel

/// Everything known about one pull at one moment, as a value: what the pulls panel, the IMAGE
/// column and `poddeck pull` draw from.
///
/// Times are `Duration`s since the origin of the manager's ``PullClock``. Strings that came from
/// the daemon (layer IDs, states, messages) are kept as received: sanitise them before display.
public struct PullSnapshot: Sendable, Hashable, Identifiable {
    /// The pull's ID.
    public var id: PullID
    /// The image being pulled.
    public var reference: ImageReference
    /// `os[/arch[/variant]]` when a platform was asked for.
    public var platform: String?
    /// Why it is pulled.
    public var reason: PullReason
    /// Where it stands.
    public var state: PullState
    /// One row per layer, in the order the daemon first mentioned them.
    public var layers: [PullLayerRow]
    /// The aggregate progress from 0 to 1; never goes backwards, 1 once pulled.
    public var fraction: Double
    /// Bytes downloaded so far over all layers.
    public var downloadedBytes: Int64
    /// The sum of the layer sizes known so far.
    public var knownTotalBytes: Int64
    /// Whether some layer's size is still unknown (so ``knownTotalBytes`` is a lower bound).
    public var hasUnknownTotals: Bool
    /// Download speed over the last few seconds, in bytes per second; nil before it is known.
    public var bytesPerSecond: Double?
    /// Time left at the current speed; nil while unknown, zero once complete.
    public var estimatedTimeRemaining: Duration?
    /// The manifest digest the daemon reported, once known.
    public var digest: String?
    /// The daemon's final status, e.g. `Downloaded newer image for …`.
    public var status: String?
    /// When it was enqueued.
    public var enqueuedAt: Duration
    /// When it started streaming (left the queue).
    public var startedAt: Duration?
    /// When it finished.
    public var finishedAt: Duration?

    /// Creates a snapshot (the manager makes them; this is for tests and previews).
    public init(id: PullID, reference: ImageReference, platform: String? = nil, reason: PullReason = .requested,
                state: PullState, layers: [PullLayerRow] = [], fraction: Double = 0, downloadedBytes: Int64 = 0,
                knownTotalBytes: Int64 = 0, hasUnknownTotals: Bool = false, bytesPerSecond: Double? = nil,
                estimatedTimeRemaining: Duration? = nil, digest: String? = nil, status: String? = nil,
                enqueuedAt: Duration = .zero, startedAt: Duration? = nil, finishedAt: Duration? = nil) {
        self.id = id
        self.reference = reference
        self.platform = platform
        self.reason = reason
        self.state = state
        self.layers = layers
        self.fraction = fraction
        self.downloadedBytes = downloadedBytes
        self.knownTotalBytes = knownTotalBytes
        self.hasUnknownTotals = hasUnknownTotals
        self.bytesPerSecond = bytesPerSecond
        self.estimatedTimeRemaining = estimatedTimeRemaining
        self.digest = digest
        self.status = status
        self.enqueuedAt = enqueuedAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }

    /// The normalised reference: `docker.io/library/nginx:latest`.
    public var referenceText: String { reference.normalized }

    /// Whether the pull is over.
    public var isFinished: Bool { state.isFinished }

    /// The outcome, once finished.
    public var outcome: PullOutcome? {
        if case .finished(let outcome) = state { return outcome }
        return nil
    }

    /// How long it ran (or has run up to `now`), from leaving the queue.
    public func elapsed(now: Duration) -> Duration? {
        guard let startedAt else { return nil }
        return (finishedAt ?? now) - startedAt
    }
}
