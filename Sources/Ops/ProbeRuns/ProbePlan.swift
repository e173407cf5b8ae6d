import Probes

/// The probes of every pod, kept up to date pod by pod: what the scheduler should run.
///
/// Planning costs a few microseconds per pod with probes (decoding its containers), so a
/// dashboard with 100,000 pods re-plans only the pods a sync changed: ``upsert(_:)`` for new or
/// changed pods, ``remove(pod:)`` for deleted ones, then hands ``definitions`` to
/// `ProbeScheduler.update(probes:)` when either returned true.
public struct ProbePlan: Sendable, Equatable {
    /// Every probe, keyed for the scheduler.
    public private(set) var definitions: [ProbeKey: ProbeDefinition] = [:]
    /// The overrides applied to every probe.
    public let options: ProbePlanOptions
    private var keysByPod: [String: [ProbeKey]] = [:]

    /// An empty plan whose probes get `options`.
    public init(options: ProbePlanOptions = ProbePlanOptions()) {
        self.options = options
    }

    /// A plan of every probe of `records`.
    public init(records: some Sequence<PodRecord>, options: ProbePlanOptions = ProbePlanOptions()) {
        self.init(options: options)
        for record in records { upsert(record) }
    }

    /// How many pods have probes.
    public var podCount: Int { keysByPod.count }

    /// Plans the probes of `record`'s pod, replacing what it had; returns whether anything changed.
    @discardableResult
    public mutating func upsert(_ record: PodRecord) -> Bool {
        let pod = record.key.description
        let probes = ProbePlanner.probes(of: record, options: options)
        let old = keysByPod[pod] ?? []
        let unchanged = old.count == probes.count
            && probes.allSatisfy { definitions[$0.key] == $0.definition }
        if unchanged { return false }
        for key in old { definitions[key] = nil }
        for probe in probes { definitions[probe.key] = probe.definition }
        keysByPod[pod] = probes.isEmpty ? nil : probes.map(\.key)
        return true
    }

    /// Forgets the probes of a pod that no longer exists; returns whether it had any.
    @discardableResult
    public mutating func remove(pod: PodKey) -> Bool {
        guard let keys = keysByPod.removeValue(forKey: pod.description) else { return false }
        for key in keys { definitions[key] = nil }
        return true
    }

    /// Forgets every pod.
    public mutating func removeAll() {
        definitions = [:]
        keysByPod = [:]
    }
}
