import Synchronization

/// The state of one scheduled probe that its runs report into directly, from whatever thread they
/// finish on: the tracker, and which run (if any) may still record.
///
/// Recording takes the cell's lock and sends the update while holding it, so a result and the
/// scheduler's own `.stopped` update for the probe cannot change order, and a run that was stopped
/// or replaced records nothing.
final class ProbeCell: Sendable {
    private struct State {
        var tracker: ProbeTracker
        /// The run allowed to record, nil while the probe is not running.
        var runID: UInt64?
    }

    let key: ProbeKey
    let definition: ProbeDefinition
    private let outbox: ProbeUpdateOutbox
    private let clock: any ProbeClock
    private let state: Mutex<State>

    init(key: ProbeKey, definition: ProbeDefinition, outbox: ProbeUpdateOutbox, clock: any ProbeClock) {
        self.key = key
        self.definition = definition
        self.outbox = outbox
        self.clock = clock
        self.state = Mutex(State(tracker: ProbeTracker(kind: key.kind, definition: definition)))
    }

    /// The probe's state now.
    var tracker: ProbeTracker { state.withLock { $0.tracker } }

    /// Lets only `runID` record from now on.
    func activate(_ runID: UInt64) {
        state.withLock { $0.runID = runID }
    }

    /// Lets no run record; returns the state as it is.
    @discardableResult
    func deactivate() -> ProbeTracker {
        state.withLock { state in
            state.runID = nil
            return state.tracker
        }
    }

    /// Records a finished run and sends its update, unless `runID` was stopped or replaced.
    func record(_ result: ProbeResult, runID: UInt64) {
        state.withLock { state in
            guard state.runID == runID else { return }
            let transition = state.tracker.record(result.stamped(at: clock.now))
            outbox.send(ProbeUpdate(key: key, event: .result, tracker: state.tracker, transition: transition,
                                           definition: definition))
        }
    }
}
