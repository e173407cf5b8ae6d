/// Global settings the probe planner applies to every probe it plans.
public struct ProbePlanOptions: Sendable, Hashable {
    /// A period used instead of every probe's `periodSeconds` (`--probe-interval`), if set.
    public var periodOverride: Duration?
    /// A timeout used instead of every probe's `timeoutSeconds` (`--probe-timeout`), if set.
    public var timeoutOverride: Duration?

    /// Creates options; nil keeps each probe's own value.
    public init(periodOverride: Duration? = nil, timeoutOverride: Duration? = nil) {
        self.periodOverride = periodOverride
        self.timeoutOverride = timeoutOverride
    }

    /// The overrides of resolved settings (`probeInterval`, `probeTimeout`).
    public init(settings: DeckSettings) {
        self.init(periodOverride: settings.probeInterval, timeoutOverride: settings.probeTimeout)
    }
}
