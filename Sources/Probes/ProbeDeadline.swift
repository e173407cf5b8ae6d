import NIOCore
import Synchronization

/// Races an operation against a wall-clock timeout without waiting for a loser that ignores
/// cancellation: the caller gets an answer within `timeout` whatever the operation does.
enum ProbeDeadline {
    /// How a race ended.
    enum Outcome<Value: Sendable>: Sendable {
        /// The operation finished first.
        case value(Value)
        /// The timeout passed first (the operation was cancelled).
        case timedOut
        /// The calling task was cancelled (the operation was cancelled).
        case cancelled
    }

    /// Runs `operation` in its own task and returns its value, or `.timedOut` after `timeout`.
    /// With `timer`, the timeout is a task scheduled on that event loop (far cheaper than a
    /// sleeping task and its dispatch timer, at thousands of probes a second).
    static func race<Value: Sendable>(
        timeout: Duration, timer loop: (any EventLoop)? = nil, _ operation: @escaping @Sendable () async -> Value
    ) async -> Outcome<Value> {
        let gate = Gate<Outcome<Value>>()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Outcome<Value>, Never>) in
                gate.install(continuation)
                let work = Task {
                    let value = await operation()
                    gate.finish(.value(value))
                }
                if let loop {
                    let scheduled = loop.scheduleTask(in: .nanoseconds(timeout.probeNanoseconds)) {
                        gate.finish(.timedOut)
                    }
                    gate.attach([{ work.cancel() }, { scheduled.cancel() }])
                } else {
                    let timer = Task {
                        do {
                            try await Task.sleep(for: timeout)
                            gate.finish(.timedOut)
                        } catch {}
                    }
                    gate.attach([{ work.cancel() }, { timer.cancel() }])
                }
            }
        } onCancel: {
            gate.finish(.cancelled)
        }
    }

    /// Resumes a continuation exactly once and cancels the racing tasks when it does.
    private final class Gate<Result: Sendable>: Sendable {
        private struct State {
            var continuation: CheckedContinuation<Result, Never>?
            var pending: Result?
            var cancels: [@Sendable () -> Void] = []
            var done = false
        }

        private let state = Mutex(State())

        func install(_ continuation: CheckedContinuation<Result, Never>) {
            let early = state.withLock { state -> Result? in
                if let pending = state.pending {
                    state.pending = nil
                    return pending
                }
                state.continuation = continuation
                return nil
            }
            if let early { continuation.resume(returning: early) }
        }

        func attach(_ cancels: [@Sendable () -> Void]) {
            let cancelNow = state.withLock { state -> Bool in
                if state.done { return true }
                state.cancels = cancels
                return false
            }
            if cancelNow { cancels.forEach { $0() } }
        }

        func finish(_ result: Result) {
            typealias Winner = (CheckedContinuation<Result, Never>?, [@Sendable () -> Void])
            let (continuation, cancels) = state.withLock { state -> Winner in
                if state.done { return (nil, []) }
                state.done = true
                guard let continuation = state.continuation else {
                    state.pending = result
                    return (nil, state.cancels)
                }
                state.continuation = nil
                let cancels = state.cancels
                state.cancels = []
                return (continuation, cancels)
            }
            cancels.forEach { $0() }
            continuation?.resume(returning: result)
        }
    }
}
