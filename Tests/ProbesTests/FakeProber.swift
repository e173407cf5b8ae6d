import Probes
import Synchronization

/// A prober whose answers the test scripts per handler; `hang` handlers wait until released.
final class FakeProber: Prober {
    enum Behavior: Sendable {
        case succeed
        case warn
        case fail
        case unknown
        /// Waits until `release(_:)` (or cancellation), then fails.
        case hang
    }

    private struct State {
        var behaviors: [ProbeHandler: Behavior] = [:]
        var calls: [ProbeHandler: Int] = [:]
        var inFlight = 0
        var peakInFlight = 0
        var lastTimeout: Duration?
        var released: [ProbeHandler: Int] = [:]
        var hanging: [ProbeHandler: [CheckedContinuation<Void, Never>]] = [:]
        var callWaiters: [(handler: ProbeHandler?, count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())

    /// A handler that names a fake target.
    static func target(_ name: String) -> ProbeHandler { .tcp(host: name, port: 1) }

    func set(_ behavior: Behavior, for handler: ProbeHandler) {
        state.withLock { $0.behaviors[handler] = behavior }
    }

    func calls(_ handler: ProbeHandler) -> Int { state.withLock { $0.calls[handler] ?? 0 } }

    var totalCalls: Int { state.withLock { $0.calls.values.reduce(0, +) } }

    var inFlight: Int { state.withLock { $0.inFlight } }

    var peakInFlight: Int { state.withLock { $0.peakInFlight } }

    var lastTimeout: Duration? { state.withLock { $0.lastTimeout } }

    /// Lets one hanging run of `handler` (current or future) finish.
    func release(_ handler: ProbeHandler) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if var list = state.hanging[handler], !list.isEmpty {
                let first = list.removeFirst()
                state.hanging[handler] = list
                return first
            }
            state.released[handler, default: 0] += 1
            return nil
        }
        waiter?.resume()
    }

    /// Suspends until `handler` (or any handler, when nil) was called at least `count` times.
    func waitForCalls(_ count: Int, of handler: ProbeHandler? = nil) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                let current = handler.map { state.calls[$0] ?? 0 } ?? state.calls.values.reduce(0, +)
                if current >= count { return true }
                state.callWaiters.append((handler, count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    func probe(_ handler: ProbeHandler, timeout: Duration) async -> ProbeResult {
        let (behavior, ready) = state.withLock { state -> (Behavior, [CheckedContinuation<Void, Never>]) in
            state.calls[handler, default: 0] += 1
            state.lastTimeout = timeout
            state.inFlight += 1
            state.peakInFlight = max(state.peakInFlight, state.inFlight)
            var ready: [CheckedContinuation<Void, Never>] = []
            state.callWaiters.removeAll { waiter in
                let current = waiter.handler.map { state.calls[$0] ?? 0 } ?? state.calls.values.reduce(0, +)
                if current >= waiter.count {
                    ready.append(waiter.continuation)
                    return true
                }
                return false
            }
            return (state.behaviors[handler] ?? .succeed, ready)
        }
        for waiter in ready { waiter.resume() }
        defer { state.withLock { $0.inFlight -= 1 } }
        switch behavior {
        case .succeed:
            return ProbeResult(outcome: .success, message: "ok", latency: .milliseconds(1))
        case .warn:
            return ProbeResult(outcome: .warning, message: "probe terminated redirects", latency: .milliseconds(1))
        case .fail:
            return ProbeResult(outcome: .failure, message: "HTTP probe failed with statuscode: 503", latency: .milliseconds(1))
        case .unknown:
            return ProbeResult(outcome: .unknown, message: "container not running")
        case .hang:
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let go = state.withLock { state -> Bool in
                    if let n = state.released[handler], n > 0 {
                        state.released[handler] = n - 1
                        return true
                    }
                    state.hanging[handler, default: []].append(continuation)
                    return false
                }
                if go { continuation.resume() }
            }
            return ProbeResult(outcome: .failure, message: "timeout after \(timeout.probeText)", latency: timeout)
        }
    }
}
