import Synchronization

import NIOCore

/// A counting semaphore: at most `limit` holders at once, waiters served in order. Async code
/// waits with ``acquire()``; event-loop code with ``acquire(on:_:)``, whose callback runs on its loop.
final class ProbeSlots: Sendable {
    private enum Waiter {
        case starting
        case waiting(CheckedContinuation<Bool, Never>)
        case callback(any EventLoop, @Sendable () -> Void)
        case cancelled
    }

    /// A grant to hand out after the lock is released.
    private enum Grant {
        case continuation(CheckedContinuation<Bool, Never>)
        case callback(any EventLoop, @Sendable () -> Void)
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
                    case .waiting?, .callback?:
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
                case .cancelled?, .callback?, nil:
                    return nil
                }
            }
            continuation?.resume(returning: false)
        }
    }

    /// Takes a slot at once (returns nil: the caller holds it) or queues `granted`, which later runs
    /// on `loop` holding a slot (returns a ticket for ``cancel(_:)``).
    func acquire(on loop: any EventLoop, _ granted: @escaping @Sendable () -> Void) -> UInt64? {
        state.withLock { state -> UInt64? in
            if state.available > 0 && state.order.isEmpty {
                state.available -= 1
                state.hold()
                return nil
            }
            state.nextID += 1
            state.waiters[state.nextID] = .callback(loop, granted)
            state.order.append(state.nextID)
            return state.nextID
        }
    }

    /// Withdraws a queued callback; false when it was already granted (it runs, holding a slot).
    @discardableResult
    func cancel(_ ticket: UInt64) -> Bool {
        state.withLock { state -> Bool in
            guard case .callback? = state.waiters[ticket] else { return false }
            state.waiters[ticket] = nil
            state.order.removeAll { $0 == ticket }
            return true
        }
    }

    /// Gives a slot back (to the longest waiter, if any).
    func release() {
        let granted = state.withLock { state -> Grant? in
            state.inUse -= 1
            while !state.order.isEmpty {
                let id = state.order.removeFirst()
                switch state.waiters[id] {
                case .waiting(let continuation)?:
                    state.waiters[id] = nil
                    state.hold()
                    return .continuation(continuation)
                case .callback(let loop, let callback)?:
                    state.waiters[id] = nil
                    state.hold()
                    return .callback(loop, callback)
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
        switch granted {
        case .continuation(let continuation)?: continuation.resume(returning: true)
        case .callback(let loop, let callback)?: loop.execute(callback)
        case nil: break
        }
    }
}
