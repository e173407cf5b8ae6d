import Probes

/// The probe state the dashboard keeps: a fold over the scheduler's ``ProbeUpdate`` stream.
///
/// `.started` adds a probe (with a fresh tracker), `.result` replaces its tracker, `.stopped`
/// removes it. The PROBE cell of each pod and the number of failing pods are kept up to date on
/// every update, so reading them costs a dictionary lookup (rendering stays O(visible rows)).
public struct ProbeBoard: Sendable, Equatable {
    private struct PodProbes: Sendable, Equatable {
        var probes: [ProbeKey: ProbeDetail] = [:]
        var cell: ProbeCell = .none
    }

    private var pods: [String: PodProbes] = [:]
    /// How many pods show a failing PROBE cell.
    public private(set) var failingPods = 0
    /// How many probes the board knows.
    public private(set) var probeCount = 0
    /// How many of them are exec probes left unrun because exec probes are off.
    public private(set) var execProbesOff = 0

    /// An empty board.
    public init() {}

    /// Folds one update in.
    public mutating func apply(_ update: ProbeUpdate) {
        let podKey = update.key.pod
        // Taken out and put back, so the pod's probes are mutated in place rather than copied.
        var entry = pods.removeValue(forKey: podKey) ?? PodProbes()
        let wasFailing = entry.cell.isFailing
        let wasExecOff = Self.isExecOff(entry.probes[update.key])
        switch update.event {
        case .started, .result:
            let definition = update.definition ?? entry.probes[update.key]?.definition
            let detail = ProbeDetail(key: update.key, definition: definition, tracker: update.tracker)
            if entry.probes.updateValue(detail, forKey: update.key) == nil {
                probeCount += 1
            }
            execProbesOff += (Self.isExecOff(detail) ? 1 : 0) - (wasExecOff ? 1 : 0)
        case .stopped:
            if entry.probes.removeValue(forKey: update.key) != nil {
                probeCount -= 1
                if wasExecOff { execProbesOff -= 1 }
            }
        }
        entry.cell = PodProbeSummary.worst(entry.probes.values.lazy.map(\.cell))
        failingPods += (entry.cell.isFailing ? 1 : 0) - (wasFailing ? 1 : 0)
        if !entry.probes.isEmpty { pods[podKey] = entry }
    }

    /// Folds updates in, in order.
    public mutating func apply(_ updates: some Sequence<ProbeUpdate>) {
        for update in updates { apply(update) }
    }

    /// The PROBE cell of a pod (`none` when it has no probes).
    public func cell(for pod: PodKey) -> ProbeCell {
        pods[pod.description]?.cell ?? .none
    }

    /// The cell and per-probe details of a pod.
    public func summary(for pod: PodKey) -> PodProbeSummary {
        summary(forPod: pod.description)
    }

    /// The cell and per-probe details of the pod whose key is `pod` (`namespace/name`).
    public func summary(forPod pod: String) -> PodProbeSummary {
        guard let entry = pods[pod] else { return .none }
        return PodProbeSummary(cell: entry.cell, details: entry.probes.values.sorted { $0.key < $1.key })
    }

    /// One probe's detail.
    public func detail(for key: ProbeKey) -> ProbeDetail? {
        pods[key.pod]?.probes[key]
    }

    /// How many pods have probes.
    public var podCount: Int { pods.count }

    /// Forgets everything.
    public mutating func removeAll() {
        pods = [:]
        failingPods = 0
        probeCount = 0
        execProbesOff = 0
    }

    private static func isExecOff(_ detail: ProbeDetail?) -> Bool {
        detail?.definition?.handler == .unsupported(ProbePlanner.execProbesOff)
    }
}
