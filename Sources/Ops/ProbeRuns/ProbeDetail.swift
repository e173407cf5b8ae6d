import Probes

/// Everything the detail view shows for one probe of one container. Strings that came from the pod
/// or the target (container, target, reason, message) are raw: sanitise them before display.
public struct ProbeDetail: Sendable, Hashable {
    /// Pod, container and kind.
    public var key: ProbeKey
    /// What the probe runs (nil when the scheduler did not say).
    public var definition: ProbeDefinition?
    /// The probe's state machine: state, runs, last result, latencies.
    public var tracker: ProbeTracker

    /// Creates a detail.
    public init(key: ProbeKey, definition: ProbeDefinition?, tracker: ProbeTracker) {
        self.key = key
        self.definition = definition
        self.tracker = tracker
    }

    /// The container name.
    public var container: String { key.container }

    /// Liveness, readiness or startup.
    public var kind: ProbeKind { key.kind }

    /// The handler as the pod spec names it (`httpGet`, `tcpSocket`, `exec`, `grpc`), or `invalid`
    /// for a probe that cannot run.
    public var handlerName: String {
        switch definition?.handler {
        case .unsupported?, nil: "invalid"
        case let handler?: handler.name
        }
    }

    /// What the probe checks, e.g. `GET http://10.0.0.5:8080/healthz`, `tcp 10.0.0.5:5432`,
    /// `exec cat /tmp/healthy`; empty for a probe that cannot run.
    public var target: String {
        switch definition?.handler {
        case .unsupported?, nil: ""
        case let handler?: handler.summary
        }
    }

    /// Why the probe cannot run (e.g. `pod has no IP`), nil when it can.
    public var reason: String? {
        if case .unsupported(let reason)? = definition?.handler { return reason }
        return nil
    }

    /// The state (`ok`, `warning`, `failing`, `unknown`).
    public var state: ProbeTracker.State { tracker.state }

    /// The state with progress toward a threshold, e.g. `ok`, `failing`, `ok (failing 1/3)`,
    /// `failing (recovering 1/2)`.
    public var stateText: String {
        tracker.progress.map { "\(tracker.state.rawValue) (\($0))" } ?? tracker.state.rawValue
    }

    /// The PROBE cell this probe alone would give.
    public var cell: ProbeCell { ProbeCell(tracker: tracker) }

    /// The latest result, nil before the first run.
    public var lastResult: ProbeResult? { tracker.lastResult }

    /// The latest outcome, nil before the first run.
    public var lastOutcome: ProbeOutcome? { tracker.lastResult?.outcome }

    /// The latest message; for a probe that cannot run, the reason rather than the prober's wording.
    public var lastMessage: String? {
        if let reason { return reason }
        return tracker.lastResult?.message
    }

    /// The latest run's latency, nil before the first run.
    public var latency: Duration? { tracker.lastResult?.latency }

    /// Successes (warnings included) in a row.
    public var consecutiveSuccesses: Int { tracker.consecutiveSuccesses }

    /// Failures in a row.
    public var consecutiveFailures: Int { tracker.consecutiveFailures }

    /// When the state last changed, on the scheduler's clock (nil: never).
    public var lastTransition: ProbeInstant? { tracker.lastTransition }

    /// The latencies of the last 60 runs, oldest first.
    public var latencies: [Duration] { tracker.latencies }

    /// ``latencies`` in milliseconds, for a sparkline.
    public var latencyMilliseconds: [Double] {
        tracker.latencies.map { Double($0.components.seconds) * 1000 + Double($0.components.attoseconds) / 1e15 }
    }
}
