import Probes
import ProbeTargets
import TestSupport
import Testing

@Suite struct ProbeSchedulerLoadTests {
    /// 100 targets that never answer hold 100 runs in flight; a healthy probe still gets a result at
    /// every one of its ticks.
    @Test func hungTargetsDoNotDelayAHealthyProbe() async throws {
        try await withHTTPProber { prober in
            try await withProbeTarget { server in
                let clock = ManualClock()
                let scheduler = ProbeScheduler(prober: prober, clock: clock)
                let recorder = UpdateRecorder(scheduler.updates, what: "probe update")
                let period = Duration.seconds(10)
                var probes: [ProbeKey: ProbeDefinition] = [:]
                for n in 0..<100 {
                    probes[ProbeKey(pod: "hung/p\(n)", container: "c", kind: .liveness)] = try ProbeDefinition(
                        handler: httpGet(server.port, "/hang"), period: period, timeout: .seconds(120))
                }
                let healthy = ProbeKey(pod: "ok/web", container: "c", kind: .readiness)
                probes[healthy] = try ProbeDefinition(handler: httpGet(server.port, "/healthz"), period: period,
                                                      timeout: .seconds(120))
                await scheduler.update(probes: probes)
                let first = ProbeInstant(offset: ProbeScheduler.startOffset(for: healthy, period: period))

                await clock.waitForSleepers(101)
                // Every probe's first tick lies within the first period.
                clock.advance(to: ProbeInstant(offset: period))
                let initial = try await recorder.result(healthy)
                #expect(initial.tracker.state == .ok)
                try await waitUntil("100 /hang requests in flight") { server.requestCount(path: "/hang") == 100 }

                for tick in 1...3 {
                    await clock.waitForSleepers(1)
                    clock.advance(to: first + period * tick)
                    let update = try await recorder.result(healthy)
                    #expect(update.tracker.lastResult?.outcome == .success)
                    #expect(update.tracker.lastResult?.at == first + period * tick)
                    #expect(update.tracker.resultCount == tick + 1)
                }
                // The hung probes skipped their ticks instead of piling up requests.
                #expect(server.requestCount(path: "/hang") == 100)
                #expect(scheduler.runsInFlight == 100)
                let trackers = await scheduler.trackers
                #expect(trackers.filter { $0.key.pod.hasPrefix("hung/") }.allSatisfy { $0.value.resultCount == 0 })
                await scheduler.shutdown()
            }
        }
    }
}
