/// The health state machine of one probe, with Kubernetes threshold semantics. A pure value:
/// ``record(_:)`` folds a result in and returns the transition, if any.
///
/// - The state is `.unknown` until the first result. From then on a probe without a verdict yet
///   holds the kubelet's initial value: readiness starts failing, liveness and startup start healthy.
/// - `successThreshold` consecutive successes make it `.ok` (or `.warning` when the latest success
///   carried a warning); `failureThreshold` consecutive failures make it `.failing`; anything short
///   of a threshold keeps the previous state, with ``progress`` telling how far it got.
/// - An `.unknown` outcome (the probe could not run) makes the state `.unknown` and resets both runs.
public struct ProbeTracker: Sendable, Hashable {
    /// The health a tracker shows.
    public enum State: String, Sendable, Hashable {
        /// No verdict: no result yet, or the probe could not run.
        case unknown
        /// Healthy.
        case ok
        /// Healthy, but the latest success carried a warning.
        case warning
        /// Unhealthy.
        case failing
    }

    /// A change of ``State``.
    public struct Transition: Sendable, Hashable {
        /// The state before.
        public var from: State
        /// The state after.
        public var to: State
        /// When the result that caused it arrived.
        public var at: ProbeInstant

        /// Creates a transition.
        public init(from: State, to: State, at: ProbeInstant) {
            self.from = from
            self.to = to
            self.at = at
        }
    }

    /// Progress toward a threshold that has not been reached yet.
    public enum Progress: Sendable, Hashable, CustomStringConvertible {
        /// `count` consecutive failures of the `threshold` that make the probe fail.
        case failing(count: Int, threshold: Int)
        /// `count` consecutive successes of the `threshold` that make a failing probe healthy.
        case recovering(count: Int, threshold: Int)

        /// `failing 1/3` or `recovering 1/2`.
        public var description: String {
            switch self {
            case .failing(let count, let threshold): "failing \(count)/\(threshold)"
            case .recovering(let count, let threshold): "recovering \(count)/\(threshold)"
            }
        }
    }

    /// How many latencies the tracker keeps (for a sparkline).
    public static let latencyHistory = 60

    /// The probe kind (decides the initial verdict).
    public let kind: ProbeKind
    /// Consecutive successes needed to become healthy (at least 1).
    public let successThreshold: Int
    /// Consecutive failures needed to become failing (at least 1).
    public let failureThreshold: Int
    /// The current state.
    public private(set) var state: State = .unknown
    /// Successes (including warnings) in a row.
    public private(set) var consecutiveSuccesses = 0
    /// Failures in a row.
    public private(set) var consecutiveFailures = 0
    /// When the state last changed (nil while it never did).
    public private(set) var lastTransition: ProbeInstant?
    /// Latencies of the last ``latencyHistory`` results, oldest first.
    public private(set) var latencies: [Duration] = []
    /// The latest result.
    public private(set) var lastResult: ProbeResult?
    /// How many results were recorded.
    public private(set) var resultCount = 0

    /// Creates a tracker in the `.unknown` state; thresholds below 1 count as 1.
    public init(kind: ProbeKind, successThreshold: Int = 1, failureThreshold: Int = 3) {
        self.kind = kind
        self.successThreshold = max(1, successThreshold)
        self.failureThreshold = max(1, failureThreshold)
    }

    /// Creates a tracker with the thresholds of `definition`.
    public init(kind: ProbeKind, definition: ProbeDefinition) {
        self.init(kind: kind, successThreshold: definition.successThreshold,
                  failureThreshold: definition.failureThreshold)
    }

    /// The state the kubelet assumes before a threshold is reached.
    public var initialVerdict: State { kind == .readiness ? .failing : .ok }

    /// Progress toward a threshold not yet reached, e.g. `failing 1/3` while still healthy.
    public var progress: Progress? {
        if consecutiveFailures > 0 && state != .failing && state != .unknown {
            return .failing(count: consecutiveFailures, threshold: failureThreshold)
        }
        if consecutiveSuccesses > 0 && state == .failing {
            return .recovering(count: consecutiveSuccesses, threshold: successThreshold)
        }
        return nil
    }

    /// Folds `result` in and returns the state change it caused, if any.
    @discardableResult
    public mutating func record(_ result: ProbeResult) -> Transition? {
        lastResult = result
        resultCount += 1
        latencies.append(result.latency)
        if latencies.count > Self.latencyHistory { latencies.removeFirst(latencies.count - Self.latencyHistory) }

        let held = state == .unknown ? initialVerdict : state
        let next: State
        switch result.outcome {
        case .success, .warning:
            consecutiveSuccesses += 1
            consecutiveFailures = 0
            if consecutiveSuccesses >= successThreshold {
                next = result.outcome == .warning ? .warning : .ok
            } else {
                next = held
            }
        case .failure:
            consecutiveFailures += 1
            consecutiveSuccesses = 0
            next = consecutiveFailures >= failureThreshold ? .failing : held
        case .unknown:
            consecutiveSuccesses = 0
            consecutiveFailures = 0
            next = .unknown
        }
        guard next != state else { return nil }
        let transition = Transition(from: state, to: next, at: result.at)
        state = next
        lastTransition = result.at
        return transition
    }
}
