/// A change the scheduler reports for one probe.
public struct ProbeUpdate: Sendable, Hashable {
    /// What happened.
    public enum Event: Sendable, Hashable {
        /// The probe was added or restarted with a new definition; the tracker is fresh.
        case started
        /// A run finished; the tracker includes its result.
        case result
        /// The probe was removed; the tracker is its last state.
        case stopped
    }

    /// Which probe.
    public var key: ProbeKey
    /// What happened.
    public var event: Event
    /// The probe's state after the event.
    public var tracker: ProbeTracker
    /// The state change the event caused, if any.
    public var transition: ProbeTracker.Transition?
    /// The definition the probe runs (or ran, for `.stopped`), so a consumer of the stream alone
    /// can say what is being checked; nil when the sender did not supply it.
    public var definition: ProbeDefinition?

    /// Creates an update.
    public init(key: ProbeKey, event: Event, tracker: ProbeTracker, transition: ProbeTracker.Transition? = nil,
                definition: ProbeDefinition? = nil) {
        self.key = key
        self.event = event
        self.tracker = tracker
        self.transition = transition
        self.definition = definition
    }
}
