import NIOCore
import Synchronization

/// State shared by a probe target's connections: the toggle switch, request counts and open
/// connections (closed on stop).
final class ProbeTargetState: Sendable {
    private struct Inner {
        var healthy = true
        var requests: [String: Int] = [:]
        var connections = 0
        var open: [ObjectIdentifier: any Channel] = [:]
        var stopping = false
    }

    private let inner = Mutex(Inner())

    /// The `/toggle` state.
    var isHealthy: Bool { inner.withLock { $0.healthy } }

    /// Sets the `/toggle` state.
    func setHealthy(_ healthy: Bool) { inner.withLock { $0.healthy = healthy } }

    /// Flips the `/toggle` state and returns the new one.
    @discardableResult
    func toggle() -> Bool {
        inner.withLock {
            $0.healthy.toggle()
            return $0.healthy
        }
    }

    /// Counts a request for `path`.
    func countRequest(path: String) { inner.withLock { $0.requests[path, default: 0] += 1 } }

    /// Requests seen for `path` (without query).
    func requestCount(path: String) -> Int { inner.withLock { $0.requests[path] ?? 0 } }

    /// Connections accepted so far.
    var connectionCount: Int { inner.withLock { $0.connections } }

    /// Tracks an accepted connection until it closes; returns false when the server is stopping.
    func register(_ channel: any Channel) -> Bool {
        let id = ObjectIdentifier(channel)
        let accepted = inner.withLock { state -> Bool in
            if state.stopping { return false }
            state.connections += 1
            state.open[id] = channel
            return true
        }
        if accepted {
            channel.closeFuture.whenComplete { [weak self] _ in
                self?.inner.withLock { _ = $0.open.removeValue(forKey: id) }
            }
        }
        return accepted
    }

    /// Marks the server as stopping and returns the connections still open.
    func beginStop() -> [any Channel] {
        inner.withLock {
            $0.stopping = true
            return Array($0.open.values)
        }
    }
}
