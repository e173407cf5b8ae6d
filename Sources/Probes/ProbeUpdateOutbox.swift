import NIOCore
import Synchronization

/// Where every ``ProbeUpdate`` goes on its way to ``ProbeScheduler/updates``: in the order they
/// are sent, handed over in batches.
///
/// With an event loop, an update that finds the outbox empty sets one timer there, `flushDelay`
/// later, and everything sent until it fires is yielded together, as one element of the stream. A
/// reader of the stream is then woken once per batch instead of once per result: at thousands of
/// results a second, waking a thread per result costs more than the probes' own work on the loop.
/// Without a loop (tests on a manual clock) every update is yielded at once, a batch of one.
///
/// Sending appends under the outbox's lock, so the stream keeps the order in which senders got the
/// lock (``ProbeCell`` sends while holding its own lock, which keeps a result and the scheduler's
/// `.stopped` for the same probe in order).
final class ProbeUpdateOutbox: Sendable {
    /// How long the first update of a batch waits for others.
    static let flushDelay = TimeAmount.milliseconds(10)

    private struct State {
        var pending: [ProbeUpdate] = []
        var flushScheduled = false
        var finished = false
        var batches = 0
    }

    private let continuation: AsyncStream<[ProbeUpdate]>.Continuation
    private let loop: (any EventLoop)?
    private let state = Mutex(State())
    /// Held while a batch is being yielded, so two batches never interleave.
    private let yielding = Mutex(())

    init(continuation: AsyncStream<[ProbeUpdate]>.Continuation, loop: (any EventLoop)?) {
        self.continuation = continuation
        self.loop = loop
    }

    /// Batches yielded so far.
    var batches: Int { state.withLock { $0.batches } }

    /// Queues `update` (or, without a loop, yields it now).
    func send(_ update: ProbeUpdate) {
        guard let loop else {
            continuation.yield([update])
            return
        }
        let schedule = state.withLock { state -> Bool in
            guard !state.finished else { return false }
            state.pending.append(update)
            guard !state.flushScheduled else { return false }
            state.flushScheduled = true
            return true
        }
        guard schedule else { return }
        loop.scheduleTask(in: Self.flushDelay) { [self] in flush() }
    }

    /// Yields everything queued so far.
    func flush() {
        yielding.withLock { _ in
            let batch = state.withLock { state -> [ProbeUpdate] in
                state.flushScheduled = false
                if !state.pending.isEmpty { state.batches += 1 }
                defer { state.pending = [] }
                return state.pending
            }
            if !batch.isEmpty { continuation.yield(batch) }
        }
    }

    /// Yields what is queued and finishes the stream; later sends are dropped.
    func finish() {
        yielding.withLock { _ in
            let batch = state.withLock { state -> [ProbeUpdate] in
                state.finished = true
                defer { state.pending = [] }
                return state.pending
            }
            if !batch.isEmpty { continuation.yield(batch) }
            continuation.finish()
        }
    }
}
