import Probes

/// What the PROBE column shows for a pod: the worst state among its probes.
///
/// Worst first: `failing n/threshold` (a probe that is failing, or has failed `n` times in a row
/// short of its threshold), `unknown` (a probe without a verdict: no result yet, or it cannot run),
/// `warning`, `ok`. A pod without probes shows `none`.
public enum ProbeCell: Sendable, Hashable, CustomStringConvertible {
    /// The pod has no probes.
    case none
    /// Every probe passes.
    case ok
    /// Every probe passes, at least one with a warning.
    case warning
    /// At least one probe has no verdict.
    case unknown
    /// At least one probe fails: `count` consecutive failures of the `threshold` that make it fail.
    case failing(count: Int, threshold: Int)

    /// The cell text: `none`, `ok`, `warning`, `unknown` or `failing 2/3`.
    public var description: String {
        switch self {
        case .none: "none"
        case .ok: "ok"
        case .warning: "warning"
        case .unknown: "unknown"
        case .failing(let count, let threshold): "failing \(count)/\(threshold)"
        }
    }

    /// Whether the cell reports a failure.
    public var isFailing: Bool {
        if case .failing = self { return true }
        return false
    }

    /// The cell for one probe's tracker.
    public init(tracker: ProbeTracker) {
        switch tracker.state {
        case .failing:
            let failures = tracker.consecutiveFailures
            // Recovering (failures reset by a success short of the success threshold) still counts
            // as fully failing.
            let count = failures > 0 ? min(failures, tracker.failureThreshold) : tracker.failureThreshold
            self = .failing(count: count, threshold: tracker.failureThreshold)
        case .unknown:
            self = .unknown
        case .ok, .warning:
            if case .failing(let count, let threshold)? = tracker.progress {
                self = .failing(count: count, threshold: threshold)
            } else {
                self = tracker.state == .ok ? .ok : .warning
            }
        }
    }

    /// Whether `self` is worse than `other` (shown instead of it).
    public func isWorse(than other: ProbeCell) -> Bool {
        switch (self, other) {
        case (.failing(let a, let at), .failing(let b, let bt)):
            // The larger share of the threshold; on a tie the longer run of failures.
            let left = a * bt
            let right = b * at
            return left != right ? left > right : a > b
        default:
            return rank > other.rank
        }
    }

    private var rank: Int {
        switch self {
        case .none: 0
        case .ok: 1
        case .warning: 2
        case .unknown: 3
        case .failing: 4
        }
    }
}
