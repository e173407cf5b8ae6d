import Synchronization

/// A counting semaphore for async code: at most `limit` holders at once, waiters served in order.
final class ProbeSlots: Sendable {
    private enum Waiter {
        case starting
        case waiting(CheckedContinuation<Bool, Never>)
        case cancelled
    }

    private struct State {
        var available: Int
        var nextID: UInt64 = 0
        var order: [UInt64] = []
        var waiters: [UInt64: Waiter] = [:]
        var inUse = 0
        var peak = 0

        mutating func hold() {
            inUse += 1
            peak = max(peak, inUse)
        }
    }

    private let state: Mutex<State>

    /// Creates a semaphore with `limit` slots (at least 1).
    init(limit: Int) {
        state = Mutex(State(available: max(1, limit)))
    }

    /// Slots held right now.
    var inUse: Int { state.withLock { $0.inUse } }

    /// The most slots ever held at once.
    var peak: Int { state.withLock { $0.peak } }

    /// Waits for a slot; returns false (holding nothing) when the task is cancelled first.
    func acquire() async -> Bool {
        if Task.isCancelled { return false }
        let id = state.withLock { state -> UInt64? in
            if state.available > 0 && state.order.isEmpty {
                state.available -= 1
                state.hold()
                return nil
            }
            state.nextID += 1
            state.waiters[state.nextID] = .starting
            state.order.append(state.nextID)
            return state.nextID
        }
        guard let id else { return true }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let immediate = state.withLock { state -> Bool? in
                    switch state.waiters[id] {
                    case .cancelled?:
                        state.waiters[id] = nil
                        return false
                    case .starting?:
                        state.waiters[id] = .waiting(continuation)
                        return nil
                    case .waiting?:
                        return nil
                    case nil:
                        // Granted by `release()` before the continuation existed.
                        return true
                    }
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let continuation = state.withLock { state -> CheckedContinuation<Bool, Never>? in
                switch state.waiters[id] {
                case .starting?:
                    state.waiters[id] = .cancelled
                    state.order.removeAll { $0 == id }
                    return nil
                case .waiting(let continuation)?:
                    state.waiters[id] = nil
                    state.order.removeAll { $0 == id }
                    return continuation
                case .cancelled?, nil:
                    return nil
                }
            }
            continuation?.resume(returning: false)
        }
    }

    /// Gives a slot back (to the longest waiter, if any).
    func release() {
        let granted = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            state.inUse -= 1
            while !state.order.isEmpty {
                let id = state.order.removeFirst()
                switch state.waiters[id] {
                case .waiting(let continuation)?:
                    state.waiters[id] = nil
                    state.hold()
                    return continuation
                case .starting?:
                    // Hand the slot over; `acquire` sees the missing entry and returns true.
                    state.waiters[id] = nil
                    state.hold()
                    return nil
                case .cancelled?, nil:
                    continue
                }
            }
            state.available += 1
            return nil
        }
        granted?.resume(returning: true)
    }
}
