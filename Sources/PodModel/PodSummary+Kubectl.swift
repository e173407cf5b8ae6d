import Foundation

extension PodSummary {
    /// kubectl's READY, STATUS and RESTARTS columns, worked out in one pass as kubectl's
    /// `printPod` does (ported from kubectl). Restart counts add up as Go's `int` does: a
    /// hostile count near `Int.max` wraps instead of trapping.
    public var kubectlColumns: KubectlColumns {
        var restarts = 0
        var sidecarRestarts = 0
        var readyContainers = 0
        let totalContainers = containerEntries + sidecarCount
        var lastRestart: Date?
        var lastSidecarRestart: Date?

        let phase = self.phase ?? ""
        let statusReason = self.reason ?? ""
        var reason = statusReason.isEmpty ? phase : statusReason
        if conditions.contains(.schedulingGated) {
            reason = "SchedulingGated"
        }

        func later(_ current: Date?, _ candidate: Date?) -> Date? {
            guard let candidate else { return current }
            guard let current else { return candidate }
            return max(current, candidate)
        }
        func terminationText(_ terminated: Terminated) -> String {
            terminated.signal != 0 ? "Signal:\(terminated.signal)" : "ExitCode:\(terminated.exitCode)"
        }

        var initializing = false
        for (index, status) in initContainerStatuses.enumerated() {
            restarts &+= status.restartCount
            lastRestart = later(lastRestart, status.lastFinishedAt)
            let isSidecar = status.name.map(sidecarNames.contains) ?? false
            if isSidecar {
                sidecarRestarts &+= status.restartCount
                lastSidecarRestart = later(lastSidecarRestart, status.lastFinishedAt)
            }
            if let terminated = status.terminated, terminated.exitCode == 0 {
                continue
            }
            if isSidecar, status.isStarted {
                if status.isReady {
                    readyContainers += 1
                }
                continue
            }
            if let terminated = status.terminated {
                reason = terminated.reason.isEmpty ? "Init:" + terminationText(terminated) : "Init:" + terminated.reason
            } else if !status.waitingReason.isEmpty, status.waitingReason != "PodInitializing" {
                reason = "Init:" + status.waitingReason
            } else {
                reason = "Init:\(index)/\(initContainerEntries)"
            }
            initializing = true
            break
        }

        if !initializing || conditions.contains(.initialized) {
            restarts = sidecarRestarts
            lastRestart = lastSidecarRestart
            var hasRunning = false
            for status in containerStatuses.reversed() {
                restarts &+= status.restartCount
                lastRestart = later(lastRestart, status.lastFinishedAt)
                if !status.waitingReason.isEmpty {
                    reason = status.waitingReason
                } else if let terminated = status.terminated {
                    reason = terminated.reason.isEmpty ? terminationText(terminated) : terminated.reason
                } else if status.isReady, status.isRunning {
                    hasRunning = true
                    readyContainers += 1
                }
            }
            if reason == "Completed", hasRunning {
                reason = conditions.contains(.ready) ? "Running" : "NotReady"
            }
        }

        if isDeleting {
            if statusReason == "NodeLost" {
                reason = "Unknown"
            } else if phase != "Failed", phase != "Succeeded" {
                reason = "Terminating"
            }
        }
        if reason.isEmpty {
            reason = "Unknown"
        }
        return KubectlColumns(ready: readyContainers, total: totalContainers, status: reason, restarts: restarts,
                              lastRestart: lastRestart)
    }
}
