import Synchronization

/// A clock that moves only when told: ``advance(by:)`` wakes every sleeper whose deadline has
/// come, in deadline order. For deterministic scheduler tests.
public final class ManualClock: ProbeClock {
    private enum Sleeper {
        case starting(deadline: ProbeInstant)
        case waiting(deadline: ProbeInstant, continuation: CheckedContinuation<Void, any Error>)
        case cancelled
    }

    private struct State {
        var now: ProbeInstant
        var nextID: UInt64 = 0
        var sleepers: [UInt64: Sleeper] = [:]
        var waitingCount = 0
        var countWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

        /// Removes and returns the count waiters now satisfied.
        mutating func satisfiedCountWaiters() -> [CheckedContinuation<Void, Never>] {
            let ready = countWaiters.filter { $0.count <= waitingCount }.map(\.continuation)
            countWaiters.removeAll { $0.count <= waitingCount }
            return ready
        }
    }

    private let state: Mutex<State>

    /// Creates a clock that reads `now`.
    public init(now: ProbeInstant = .zero) {
        state = Mutex(State(now: now))
    }

    /// The current instant.
    public var now: ProbeInstant { state.withLock { $0.now } }

    /// How many tasks are sleeping on the clock right now.
    public var sleeperCount: Int { state.withLock { $0.waitingCount } }

    /// Moves time forward by `duration` and wakes the sleepers whose deadline has come.
    public func advance(by duration: Duration) {
        precondition(duration >= .zero, "a manual clock only moves forward")
        let due = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            state.now = state.now.advanced(by: duration)
            var due: [(ProbeInstant, UInt64, CheckedContinuation<Void, any Error>)] = []
            for (id, sleeper) in state.sleepers {
                if case .waiting(let deadline, let continuation) = sleeper, deadline <= state.now {
                    due.append((deadline, id, continuation))
                }
            }
            for entry in due { state.sleepers[entry.1] = nil }
            state.waitingCount -= due.count
            return due.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
        }
        for continuation in due { continuation.resume() }
    }

    /// Moves time forward to `instant` (no-op when it has passed).
    public func advance(to instant: ProbeInstant) {
        let delta = now.duration(to: instant)
        if delta > .zero { advance(by: delta) }
    }

    /// Suspends until at least `count` tasks sleep on the clock.
    public func waitForSleepers(_ count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.waitingCount >= count { return true }
                state.countWaiters.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Suspends until ``advance(by:)`` reaches `deadline`.
    public func sleep(until deadline: ProbeInstant) async throws {
        try Task.checkCancellation()
        let id = state.withLock { state -> UInt64? in
            if deadline <= state.now { return nil }
            state.nextID += 1
            state.sleepers[state.nextID] = .starting(deadline: deadline)
            return state.nextID
        }
        guard let id else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                typealias Registration = (Result<Bool, CancellationError>, [CheckedContinuation<Void, Never>])
                let (outcome, ready) = state.withLock { state -> Registration in
                    switch state.sleepers[id] {
                    case .cancelled?:
                        state.sleepers[id] = nil
                        return (.failure(CancellationError()), [])
                    case .starting(let deadline)?:
                        if deadline <= state.now {
                            state.sleepers[id] = nil
                            return (.success(true), [])
                        }
                        state.sleepers[id] = .waiting(deadline: deadline, continuation: continuation)
                        state.waitingCount += 1
                        return (.success(false), state.satisfiedCountWaiters())
                    case .waiting?, nil:
                        return (.success(true), [])
                    }
                }
                for waiter in ready { waiter.resume() }
                switch outcome {
                case .failure(let error): continuation.resume(throwing: error)
                case .success(true): continuation.resume()
                case .success(false): break
                }
            }
        } onCancel: {
            let continuation = state.withLock { state -> CheckedContinuation<Void, any Error>? in
                switch state.sleepers[id] {
                case .starting?:
                    state.sleepers[id] = .cancelled
                    return nil
                case .waiting(_, let continuation)?:
                    state.sleepers[id] = nil
                    state.waitingCount -= 1
                    return continuation
                case .cancelled?, nil:
                    return nil
                }
            }
            continuation?.resume(throwing: CancellationError())
        }
    }
}
