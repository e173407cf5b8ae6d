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
        let row = kubectlRow()
        return KubectlColumns(ready: row.ready, total: row.total, status: row.reason, restarts: row.restarts,
                              lastRestart: row.lastRestart)
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
        kubectlRow().reason
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

    /// The columns of kubectl's `printPod`, computed in one pass, ported from kubectl.
    private func kubectlRow() -> (ready: Int, total: Int, reason: String, restarts: Int, lastRestart: Date?) {
        let specContainers = json[["spec", "containers"]]?.arrayValue ?? []
        let initSpecs = json[["spec", "initContainers"]]?.arrayValue ?? []
        let initStatuses = objects(at: ["status", "initContainerStatuses"])
        let statuses = objects(at: ["status", "containerStatuses"])
        let conditions = objects(at: ["status", "conditions"])

        var restarts = 0
        var sidecarRestarts = 0
        var readyContainers = 0
        var totalContainers = specContainers.count
        var lastRestart: Date?
        var lastSidecarRestart: Date?

        let phase = json[["status", "phase"]]?.stringValue ?? ""
        let statusReason = json[["status", "reason"]]?.stringValue ?? ""
        var reason = statusReason.isEmpty ? phase : statusReason
        for condition in conditions
        where condition["type"]?.stringValue == "PodScheduled" && condition["reason"]?.stringValue == "SchedulingGated" {
            reason = "SchedulingGated"
        }

        var sidecarNames = Set<String>()
        for spec in initSpecs where spec["restartPolicy"]?.stringValue == "Always" {
            totalContainers += 1
            if let name = spec["name"]?.stringValue {
                sidecarNames.insert(name)
            }
        }

        func later(_ current: Date?, _ candidate: Date?) -> Date? {
            guard let candidate else { return current }
            guard let current else { return candidate }
            return max(current, candidate)
        }
        func lastFinishedAt(_ status: JSONValue) -> Date? {
            status[["lastState", "terminated", "finishedAt"]]?.stringValue.flatMap(RFC3339.date(from:))
        }
        func terminationText(_ terminated: JSONValue) -> String {
            if let signal = terminated["signal"]?.intValue, signal != 0 {
                return "Signal:\(signal)"
            }
            return "ExitCode:\(terminated["exitCode"]?.intValue ?? 0)"
        }

        var initializing = false
        for (index, status) in initStatuses.enumerated() {
            let count = status["restartCount"]?.intValue ?? 0
            restarts += count
            lastRestart = later(lastRestart, lastFinishedAt(status))
            let isSidecar = status["name"]?.stringValue.map(sidecarNames.contains) ?? false
            if isSidecar {
                sidecarRestarts += count
                lastSidecarRestart = later(lastSidecarRestart, lastFinishedAt(status))
            }
            let terminated = status[["state", "terminated"]].flatMap { $0.objectValue != nil ? $0 : nil }
            let waitingReason = status[["state", "waiting", "reason"]]?.stringValue ?? ""
            if let terminated, (terminated["exitCode"]?.intValue ?? 0) == 0 {
                continue
            }
            if isSidecar, status["started"]?.boolValue == true {
                if status["ready"]?.boolValue == true {
                    readyContainers += 1
                }
                continue
            }
            if let terminated {
                let terminatedReason = terminated["reason"]?.stringValue ?? ""
                reason = terminatedReason.isEmpty ? "Init:" + terminationText(terminated) : "Init:" + terminatedReason
            } else if !waitingReason.isEmpty, waitingReason != "PodInitializing" {
                reason = "Init:" + waitingReason
            } else {
                reason = "Init:\(index)/\(initSpecs.count)"
            }
            initializing = true
            break
        }

        let initialized = conditions.contains {
            $0["type"]?.stringValue == "Initialized" && $0["status"]?.stringValue == "True"
        }
        if !initializing || initialized {
            restarts = sidecarRestarts
            lastRestart = lastSidecarRestart
            var hasRunning = false
            for status in statuses.reversed() {
                restarts += status["restartCount"]?.intValue ?? 0
                lastRestart = later(lastRestart, lastFinishedAt(status))
                let waitingReason = status[["state", "waiting", "reason"]]?.stringValue ?? ""
                let terminated = status[["state", "terminated"]].flatMap { $0.objectValue != nil ? $0 : nil }
                if !waitingReason.isEmpty {
                    reason = waitingReason
                } else if let terminated {
                    let terminatedReason = terminated["reason"]?.stringValue ?? ""
                    reason = terminatedReason.isEmpty ? terminationText(terminated) : terminatedReason
                } else if status["ready"]?.boolValue == true, status[["state", "running"]]?.objectValue != nil {
                    hasRunning = true
                    readyContainers += 1
                }
            }
            if reason == "Completed", hasRunning {
                let ready = conditions.contains {
                    $0["type"]?.stringValue == "Ready" && $0["status"]?.stringValue == "True"
                }
                reason = ready ? "Running" : "NotReady"
            }
        }

        if let deletion = json[["metadata", "deletionTimestamp"]], !deletion.isNull {
            if statusReason == "NodeLost" {
                reason = "Unknown"
            } else if phase != "Failed", phase != "Succeeded" {
                reason = "Terminating"
            }
        }
        if reason.isEmpty {
            reason = "Unknown"
        }
        return (readyContainers, totalContainers, reason, restarts, lastRestart)
    }
}
