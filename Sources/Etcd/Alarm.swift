import Synchronization

/// Wakes a waiting loop early ("refresh now"), or lets it sleep its full period.
///
/// A ring with nobody waiting is kept (once) for the next ``wait(upTo:)``. A wait that ends by
/// its timer or by cancellation leaves the alarm as it was, so every later wait sleeps its full
/// period again unless rung.
public final class Alarm: Sendable {
    private struct State {
        var rung = false
        var nextID: UInt64 = 0
        var waiter: (id: UInt64, continuation: CheckedContinuation<Bool, Never>)?
        /// A wait whose timer ran out (or that was cancelled) before it began to wait.
        var expired: UInt64?
    }

    private let state = Mutex(State())

    /// Creates an alarm that has not been rung.
    public init() {}

    /// Wakes the waiter (or the next one, if none waits now).
    public func ring() {
        let waiter = state.withLock { s -> CheckedContinuation<Bool, Never>? in
            guard let w = s.waiter else {
                s.rung = true
                return nil
            }
            s.waiter = nil
            return w.continuation
        }
        waiter?.resume(returning: true)
    }

    /// Sleeps for `duration` or until rung, whichever is first; returns at once when cancelled.
    /// - Returns: whether the alarm was rung (false: the time ran out or the task was cancelled).
    @discardableResult
    public func wait(upTo duration: Duration) async -> Bool {
        let id = state.withLock { s -> UInt64 in
            s.nextID &+= 1
            return s.nextID
        }
        return await withTaskGroup(of: Void.self) { group in
            group.addTask { [self] in
                try? await Task.sleep(for: duration)
                wake(id)
            }
            let rung = await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                    let now = state.withLock { s -> Bool? in
                        if s.rung {
                            s.rung = false
                            return true
                        }
                        if s.expired == id || Task.isCancelled { return false }
                        s.waiter = (id, continuation)
                        return nil
                    }
                    if let now { continuation.resume(returning: now) }
                }
            } onCancel: {
                wake(id)
            }
            group.cancelAll()
            return rung
        }
    }

    /// Resumes the waiter `id` if it still waits (its timer ran out or its task was cancelled).
    private func wake(_ id: UInt64) {
        let waiter = state.withLock { s -> CheckedContinuation<Bool, Never>? in
            guard let w = s.waiter, w.id == id else {
                s.expired = id
                return nil
            }
            s.waiter = nil
            return w.continuation
        }
        waiter?.resume(returning: false)
    }
}
