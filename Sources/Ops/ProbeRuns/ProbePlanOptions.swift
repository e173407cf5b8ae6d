/// Global settings the probe planner applies to every probe it plans.
public struct ProbePlanOptions: Sendable, Hashable {
    /// A period used instead of every probe's `periodSeconds` (`--probe-interval`), if set.
    public var periodOverride: Duration?
    /// A timeout used instead of every probe's `timeoutSeconds` (`--probe-timeout`), if set.
    public var timeoutOverride: Duration?
    /// Whether exec probes run (commands inside containers: `--exec-probes`, `probes.exec`);
    /// when false they are unknown with the reason.
    public var execProbes: Bool
    /// Where HTTP and TCP probes may connect besides the pod IP (`probes.allowHosts`).
    public var reach: ProbeReach

    /// Creates options; nil keeps each probe's own value.
    public init(periodOverride: Duration? = nil, timeoutOverride: Duration? = nil, execProbes: Bool = false,
                reach: ProbeReach = ProbeReach()) {
        self.periodOverride = periodOverride
        self.timeoutOverride = timeoutOverride
        self.execProbes = execProbes
        self.reach = reach
    }

    /// The options of resolved settings (`probeInterval`, `probeTimeout`, `probes.exec`,
    /// `probes.allowHosts`).
    public init(settings: DeckSettings) {
        self.init(periodOverride: settings.probeInterval, timeoutOverride: settings.probeTimeout,
                  execProbes: settings.execProbes, reach: ProbeReach(allowHosts: settings.probeAllowHosts))
    }
}
