import Probes

/// One probe of a pod as the planner made it: which probe, and what the scheduler runs for it.
public struct PlannedProbe: Sendable, Hashable {
    /// Pod, container and kind.
    public var key: ProbeKey
    /// What to check and how often; an `.unsupported` handler carries the reason it cannot run.
    public var definition: ProbeDefinition

    /// Creates a planned probe.
    public init(key: ProbeKey, definition: ProbeDefinition) {
        self.key = key
        self.definition = definition
    }
}
