import Probes

/// Runs planned probes now, as the kubelet would, outside any scheduler (`poddeck probe`).
public enum ProbeRuns {
    /// Runs each probe `count` times, probes side by side, one run per period; `report` sees each
    /// record as it is made. Returns the records in probe order, then run order.
    public static func runAll(_ probes: [PlannedProbe], count: Int, prober: any Prober,
                              report: @escaping @Sendable (ProbeRunRecord) -> Void) async -> [ProbeRunRecord] {
        let clock = ContinuousClock()
        let origin = clock.now
        return await withTaskGroup(of: (Int, [ProbeRunRecord]).self) { group in
            for (index, probe) in probes.enumerated() {
                group.addTask {
                    var tracker = ProbeTracker(kind: probe.key.kind, definition: probe.definition)
                    var records: [ProbeRunRecord] = []
                    var next = clock.now
                    for run in 1...max(1, count) {
                        if run > 1 {
                            do { try await clock.sleep(until: next) } catch { break }
                        }
                        let started = clock.now
                        let result = await prober.probe(probe.definition.handler, timeout: probe.definition.timeout)
                            .stamped(at: ProbeInstant(offset: origin.duration(to: clock.now)))
                        tracker.record(result)
                        let record = ProbeRunRecord(probe: probe, run: run, result: result, tracker: tracker)
                        report(record)
                        records.append(record)
                        next = started.advanced(by: probe.definition.period)
                    }
                    return (index, records)
                }
            }
            var byProbe = [[ProbeRunRecord]](repeating: [], count: probes.count)
            for await (index, records) in group { byProbe[index] = records }
            return byProbe.flatMap { $0 }
        }
    }
}
