import Foundation

/// The READY, STATUS and RESTARTS columns of `kubectl get pods`, worked out together.
public struct KubectlColumns: Sendable, Hashable {
    /// Ready containers (sidecar init containers included).
    public var ready: Int
    /// All containers (sidecar init containers included).
    public var total: Int
    /// The STATUS column.
    public var status: String
    /// The restart count shown.
    public var restarts: Int
    /// When the last restart happened, if known.
    public var lastRestart: Date?

    /// `ready/total`.
    public var readyText: String { "\(ready)/\(total)" }
}

extension Pod {
    /// READY, STATUS and RESTARTS in one pass over the container statuses (a list shows all
    /// three, and each alone walks the same statuses).
    public var kubectlColumns: KubectlColumns {
        kubectlRow()
    }

    /// Ready containers over all containers, as in `kubectl get pods` (`1/2`). Sidecar init
    /// containers (`restartPolicy: Always`) count as containers.
    public var readyText: String {
        let row = kubectlRow()
        return "\(row.ready)/\(row.total)"
    }

    /// The STATUS column of `kubectl get pods`, e.g. `Running`, `Init:0/1`, `CrashLoopBackOff`,
    /// `Completed`, `Terminating`; `Unknown` when nothing is reported.
    public var statusText: String {
        kubectlRow().status
    }

    /// The restart count `kubectl get pods` shows: the app containers' restarts (plus sidecars')
    /// once the pod is initialised, the init containers' restarts while it initialises.
    public var restartCount: Int {
        kubectlRow().restarts
    }

    /// The RESTARTS column without the time of the last restart, e.g. `3`.
    public var restartsText: String {
        String(restartCount)
    }

    /// The RESTARTS column as `kubectl get pods` shows it at `now`, e.g. `3 (5m ago)`.
    public func restartsText(now: Date) -> String {
        let row = kubectlRow()
        guard row.restarts != 0, let last = row.lastRestart else { return String(row.restarts) }
        return "\(row.restarts) (\(Self.humanAge(now.timeIntervalSince(last))) ago)"
    }

    /// The AGE column at `now`; `<unknown>` without a creation timestamp.
    public func age(now: Date) -> String {
        guard let creationTimestamp else { return "<unknown>" }
        return Self.humanAge(now.timeIntervalSince(creationTimestamp))
    }

    /// A duration as kubectl shows ages (Go's `duration.HumanDuration`): `45s`, `5m30s`, `3h`,
    /// `2d4h`, `3y10d`. Up to a second in the future reads `0s`; further is `<invalid>`.
    public static func humanAge(_ interval: TimeInterval) -> String {
        let seconds = Int(interval.rounded(.towardZero))
        if seconds < -1 {
            return "<invalid>"
        } else if seconds < 0 {
            return "0s"
        } else if seconds < 60 * 2 {
            return "\(seconds)s"
        }
        let minutes = seconds / 60
        if minutes < 10 {
            let remainder = seconds % 60
            return remainder == 0 ? "\(minutes)m" : "\(minutes)m\(remainder)s"
        } else if minutes < 60 * 3 {
            return "\(minutes)m"
        }
        let hours = seconds / 3600
        if hours < 8 {
            let remainder = minutes % 60
            return remainder == 0 ? "\(hours)h" : "\(hours)h\(remainder)m"
        } else if hours < 48 {
            return "\(hours)h"
        } else if hours < 24 * 8 {
            let remainder = hours % 24
            return remainder == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(remainder)h"
        } else if hours < 24 * 365 * 2 {
            return "\(hours / 24)d"
        } else if hours < 24 * 365 * 8 {
            let remainder = hours / 24 % 365
            return remainder == 0 ? "\(hours / 24 / 365)y" : "\(hours / 24 / 365)y\(remainder)d"
        }
        return "\(hours / 24 / 365)y"
    }

    private func kubectlRow() -> KubectlColumns {
        PodSummary(pod: self).kubectlColumns
    }
}
