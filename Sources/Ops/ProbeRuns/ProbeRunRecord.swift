import PodModel
import Probes

/// One run of one probe by `poddeck probe`: which probe, which attempt, what came of it.
public struct ProbeRunRecord: Sendable, Hashable {
    /// The probe (its definition and key).
    public var probe: PlannedProbe
    /// The attempt, from 1.
    public var run: Int
    /// The result of this run.
    public var result: ProbeResult
    /// The probe's state after folding this run in (Kubernetes thresholds).
    public var tracker: ProbeTracker

    /// Creates a record.
    public init(probe: PlannedProbe, run: Int, result: ProbeResult, tracker: ProbeTracker) {
        self.probe = probe
        self.run = run
        self.result = result
        self.tracker = tracker
    }

    /// The detail view of the probe after this run (target, reason, state text).
    public var detail: ProbeDetail {
        ProbeDetail(key: probe.key, definition: probe.definition, tracker: tracker)
    }

    /// The message to show: the reason for a probe that cannot run, else the prober's message.
    public var message: String {
        detail.reason ?? result.message
    }

    /// The latency in milliseconds.
    public var latencyMilliseconds: Double {
        Double(result.latency.components.seconds) * 1000 + Double(result.latency.components.attoseconds) / 1e15
    }

    /// The record as a JSON object; `clean` is applied to every string from the pod or the target.
    package func json(clean: (String) -> String) -> JSONValue {
        let detail = self.detail
        let isExec: Bool
        if case .exec = probe.definition.handler { isExec = true } else { isExec = false }
        return .object([
            "pod": .string(clean(probe.key.pod)),
            "container": .string(clean(probe.key.container)),
            "kind": .string(probe.key.kind.rawValue),
            "handler": .string(clean(detail.handlerName)),
            "target": .string(clean(detail.target)),
            "run": .int(run),
            "outcome": .string(result.outcome.rawValue),
            "latencyMs": .number(ProbeRunRecord.decimal(latencyMilliseconds)),
            "message": .string(clean(message)),
            "state": .string(tracker.state.rawValue),
            "consecutiveSuccesses": .int(tracker.consecutiveSuccesses),
            "consecutiveFailures": .int(tracker.consecutiveFailures),
            // An exec probe's output is the pod's own container talking; an HTTP response body
            // comes from wherever the spec pointed and is never shown beyond the message.
            "output": .string(isExec ? clean(result.output) : ""),
        ])
    }

    /// `value` with three decimals, as JSON number text.
    static func decimal(_ value: Double) -> String {
        let thousandths = Int64((value * 1000).rounded())
        let whole = thousandths / 1000
        var fraction = String(thousandths % 1000)
        while fraction.count < 3 { fraction = "0" + fraction }
        return "\(whole).\(fraction)"
    }
}
