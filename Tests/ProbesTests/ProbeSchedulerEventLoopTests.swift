import NIOCore
import NIOPosix
@testable import Probes
import ProbeTargets
import TestSupport
import Testing

/// The scheduler on the real clock with the real probers: HTTP and TCP probes run on event loops
/// (``ProbeLoopDriver``), exec through its task. Short periods; every check waits for events,
/// none for time.
@Suite struct ProbeSchedulerEventLoopTests {
    private static let period = Duration.milliseconds(20)

    private static func definition(_ handler: ProbeHandler, timeout: Duration = .seconds(20)) throws -> ProbeDefinition {
        // Pod specs allow 1s at least; the operator's overrides (as --probe-interval) go shorter.
        try ProbeDefinition(handler: handler).overriding(period: period, timeout: timeout)
    }

    private static func key(_ pod: String, _ kind: ProbeKind = .liveness) -> ProbeKey {
        ProbeKey(pod: pod, container: "c", kind: kind)
    }

    /// The next `.result` of `key` in arrival order, failing on any result of the probe that
    /// `stopped` reported stopped recorded after it (a higher result count).
    private static func nextResult(_ recorder: UpdateRecorder, of key: ProbeKey,
                                   notAfter stopped: ProbeUpdate) async throws -> ProbeUpdate {
        while true {
            let update = try await recorder.next { _ in true }
            if update.key == stopped.key && update.event == .result
                && update.tracker.resultCount > stopped.tracker.resultCount {
                Issue.record("unexpected \(update.event) of \(stopped.key) after it stopped")
            }
            if update.key == key && update.event == .result { return update }
        }
    }

    @Test func httpAndTCPProbesRunOnEventLoopsAndExecOnATask() async throws {
        try await withProbeTarget { http in
            try await withProbeTarget(mode: .tcp) { tcp in
                let scheduler = ProbeScheduler(prober: ProberDispatcher())
                let recorder = UpdateRecorder(scheduler.updates, what: "probe update")
                let web = Self.key("ns/web")
                let socket = Self.key("ns/db", .readiness)
                let exec = Self.key("ns/job", .startup)
                let failing = Self.key("ns/broken")
                await scheduler.update(probes: [
                    web: try Self.definition(httpGet(http.port, "/healthz")),
                    socket: try Self.definition(.tcp(host: "127.0.0.1", port: tcp.port)),
                    exec: try Self.definition(.exec(containerID: "c1", command: ["true"])),
                    failing: try Self.definition(httpGet(http.port, "/status/503")),
                ])
                for n in 1...3 {
                    let update = try await recorder.result(web)
                    #expect(update.tracker.lastResult?.outcome == .success)
                    #expect(update.tracker.lastResult?.message == "HTTP 200")
                    #expect(update.tracker.resultCount == n)
                }
                let connected = try await recorder.result(socket)
                #expect(connected.tracker.lastResult?.message == "connected to 127.0.0.1:\(tcp.port)")
                // No exec runner: the async path answers.
                let execResult = try await recorder.result(exec)
                #expect(execResult.tracker.lastResult?.outcome == .unknown)
                #expect(execResult.tracker.lastResult?.message == "exec probes need a container runtime")
                var last = try await recorder.result(failing)
                while last.tracker.state != .failing { last = try await recorder.result(failing) }
                #expect(last.tracker.lastResult?.message == "HTTP probe failed with statuscode: 503")
                #expect(last.transition?.to == .failing)
                #expect(http.requestCount(path: "/healthz") >= 3)
                await scheduler.shutdown()
            }
        }
    }

    @Test func probesRunOnTheSchedulersOwnLoopWhichShutdownStops() async throws {
        try await withProbeTarget { server in
            let scheduler = ProbeScheduler(prober: ProberDispatcher())
            let recorder = UpdateRecorder(scheduler.updates, what: "probe update")
            let loop = try #require(scheduler.probeEventLoop)
            // Not one of NIO's shared loops, which etcd, Docker and the test servers use.
            let shared = Array(MultiThreadedEventLoopGroup.singleton.makeIterator())
            #expect(!shared.contains { $0 === loop })
            let web = Self.key("ns/web")
            await scheduler.update(probes: [web: try Self.definition(httpGet(server.port, "/healthz"))])
            let result = try await recorder.result(web)
            #expect(result.tracker.lastResult?.message == "HTTP 200")
            #expect(!scheduler.isLoopStopped)
            await scheduler.shutdown()
            try await waitUntil("the scheduler's loop to stop") { scheduler.isLoopStopped }
            await scheduler.shutdown()
        }
    }

    @Test func aSchedulerOnAnInjectedClockMakesNoLoop() {
        #expect(ProbeScheduler(prober: ProberDispatcher(), clock: ManualClock()).probeEventLoop == nil)
    }

    @Test func aStoppedProbeReportsNothingMoreAndAnUpdatedOneStartsFresh() async throws {
        try await withProbeTarget { server in
            let scheduler = ProbeScheduler(prober: ProberDispatcher())
            let recorder = UpdateRecorder(scheduler.updates, what: "probe update")
            let keep = Self.key("ns/keep")
            let gone = Self.key("ns/gone")
            let keepDefinition = try Self.definition(httpGet(server.port, "/healthz"))
            await scheduler.update(probes: [keep: keepDefinition,
                                            gone: try Self.definition(httpGet(server.port, "/livez"))])
            _ = try await recorder.result(gone)
            _ = try await recorder.result(gone)
            await scheduler.update(probes: [keep: keepDefinition])
            let stopped = try await recorder.next { $0.key == gone && $0.event == .stopped }
            #expect(stopped.tracker.resultCount >= 2)
            // Take every update in order: `keep` goes on, `gone` never shows up again.
            for _ in 0..<5 { _ = try await Self.nextResult(recorder, of: keep, notAfter: stopped) }
            #expect(await scheduler.tracker(for: gone) == nil)

            // A new definition for `keep` restarts it with fresh state.
            await scheduler.update(probes: [keep: try Self.definition(httpGet(server.port, "/readyz"))])
            let started = try await recorder.next { $0.key == keep && $0.event == .started }
            #expect(started.tracker.resultCount == 0)
            let fresh = try await recorder.next { $0.key == keep && $0.event == .result && $0.tracker.resultCount == 1 }
            #expect(fresh.tracker.lastResult?.outcome == .success)
            await scheduler.shutdown()
        }
    }

    @Test func pauseKeepsStateAndResumeGoesOn() async throws {
        try await withProbeTarget { server in
            let scheduler = ProbeScheduler(prober: ProberDispatcher())
            let recorder = UpdateRecorder(scheduler.updates, what: "probe update")
            let web = Self.key("ns/web")
            await scheduler.update(probes: [web: try Self.definition(httpGet(server.port, "/healthz"))])
            _ = try await recorder.result(web)
            await scheduler.pause()
            let count = try #require(await scheduler.tracker(for: web)).resultCount
            await scheduler.resume()
            // Results recorded after the pause continue the count (at most one run was in flight).
            let next = try await recorder.next { $0.key == web && $0.event == .result && $0.tracker.resultCount > count }
            #expect(next.tracker.resultCount == count + 1)
            await scheduler.shutdown()
        }
    }

    @Test func theConcurrencyBoundHoldsOnTheEventLoops() async throws {
        try await withProbeTarget { server in
            let scheduler = ProbeScheduler(prober: ProberDispatcher(), maxConcurrent: 2)
            let recorder = UpdateRecorder(scheduler.updates, what: "probe update")
            var probes: [ProbeKey: ProbeDefinition] = [:]
            for n in 0..<6 {
                probes[Self.key("hang/p\(n)")] = try Self.definition(httpGet(server.port, "/hang"),
                                                                     timeout: .milliseconds(50))
            }
            let healthy = Self.key("ok/web")
            probes[healthy] = try Self.definition(httpGet(server.port, "/healthz"))
            await scheduler.update(probes: probes)
            let timedOut = try await recorder.next { $0.key.pod.hasPrefix("hang/") && $0.event == .result }
            #expect(timedOut.tracker.lastResult?.message.hasSuffix("timeout after 50ms") == true)
            for _ in 0..<3 { _ = try await recorder.result(healthy) }
            #expect(scheduler.peakRunsInFlight <= 2)
            #expect(scheduler.peakRunsInFlight >= 1)
            await scheduler.shutdown()
        }
    }
}

@Suite struct PreparedProbeTests {
    @Test func cancellingTheTaskCancelsAnHTTPRunInFlight() async throws {
        try await withProbeTarget { server in
            let prober = HTTPProber()
            let run = Task { await prober.probe(httpGet(server.port, "/hang"), timeout: .seconds(120)) }
            try await waitUntil("the request to reach the server") { server.requestCount(path: "/hang") == 1 }
            run.cancel()
            let result = await run.value
            #expect(result.outcome == .unknown)
            #expect(result.message == "probe cancelled")
        }
    }

    @Test func anHTTPRunCallsBackOnItsLoop() async throws {
        try await withProbeTarget { server in
            let prober = HTTPProber()
            let prepared = try #require(prober.prepare(httpGet(server.port, "/healthz")))
            let loop = prober.eventLoopGroup.next()
            let result = await withCheckedContinuation { (continuation: CheckedContinuation<(ProbeResult, Bool), Never>) in
                _ = prepared.start(on: loop, timeout: .seconds(20)) { result in
                    continuation.resume(returning: (result, loop.inEventLoop))
                }
            }
            #expect(result.0.message == "HTTP 200")
            #expect(result.1)
            #expect(prober.prepare(.tcp(host: "127.0.0.1", port: 1)) == nil)
        }
    }

    @Test func slotsQueueCallbacksInOrderAndWithdrawThem() async throws {
        let slots = ProbeSlots(limit: 1)
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        #expect(slots.acquire(on: loop) { Issue.record("granted at once, no callback expected") } == nil)
        let withdrawn = try #require(slots.acquire(on: loop) { Issue.record("a withdrawn request ran") })
        let granted = loop.makePromise(of: Bool.self)
        let queued = slots.acquire(on: loop) { granted.succeed(loop.inEventLoop) }
        #expect(queued != nil)
        #expect(slots.cancel(withdrawn))
        #expect(!slots.cancel(withdrawn))
        slots.release()
        #expect(try await granted.futureResult.get())
        #expect(slots.inUse == 1)
        #expect(!slots.cancel(try #require(queued)))
        slots.release()
        #expect(slots.inUse == 0)
        #expect(slots.peak == 1)
    }
}
