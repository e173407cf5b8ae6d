import Probes
import Testing

/// A scheduler on a manual clock with a scripted prober, and the recorder of its updates.
private struct Rig {
    let clock = ManualClock()
    let prober = FakeProber()
    let scheduler: ProbeScheduler
    let recorder: UpdateRecorder

    init(maxConcurrent: Int = ProbeScheduler.defaultMaxConcurrent) {
        scheduler = ProbeScheduler(prober: prober, clock: clock, maxConcurrent: maxConcurrent)
        recorder = UpdateRecorder(scheduler.updates, what: "probe update")
    }
}

private let period = Duration.seconds(10)

private func key(_ n: Int, _ kind: ProbeKind = .liveness) -> ProbeKey {
    ProbeKey(pod: "default/web-\(n)", container: "app", kind: kind)
}

private func definition(_ handler: ProbeHandler, initialDelay: Duration = .zero, failureThreshold: Int = 3,
                        successThreshold: Int = 1) throws -> ProbeDefinition {
    try ProbeDefinition(handler: handler, period: period, timeout: .seconds(1), initialDelay: initialDelay,
                        successThreshold: successThreshold, failureThreshold: failureThreshold)
}

private func at(_ offset: Duration) -> ProbeInstant { ProbeInstant(offset: offset) }

@Suite struct ProbeSchedulerTests {
    @Test func startOffsetsAreStableAndSpreadOverThePeriod() {
        // Same value in every process (FNV-1a), not Swift's per-process seeded hash.
        #expect(ProbeScheduler.startOffset(for: key(0), period: period) == .milliseconds(5611))
        #expect(ProbeScheduler.startOffset(for: key(1), period: period) == .milliseconds(4588))
        #expect(ProbeScheduler.startOffset(for: key(2, .readiness), period: period) == .milliseconds(9892))

        let offsets = (0..<5000).map { ProbeScheduler.startOffset(for: key($0), period: period) }
        #expect(offsets.allSatisfy { $0 >= .zero && $0 < period })
        var perSecond = [Int](repeating: 0, count: 10)
        for offset in offsets { perSecond[Int(offset.components.seconds)] += 1 }
        // 5,000 probes do not fire together: every second of the period gets a share.
        #expect(perSecond.allSatisfy { $0 > 350 && $0 < 650 }, "\(perSecond)")
    }

    @Test func theFirstRunWaitsForTheInitialDelayPlusTheOffset() async throws {
        let rig = Rig()
        let handler = FakeProber.target("web-0")
        await rig.scheduler.update(probes: [key(0): try definition(handler, initialDelay: .seconds(30))])
        let first = at(.seconds(30) + ProbeScheduler.startOffset(for: key(0), period: period))
        #expect(await rig.scheduler.firstRun(for: key(0)) == first)
        let started = try await rig.recorder.next { $0.key == key(0) }
        #expect(started.event == .started)
        #expect(started.tracker.state == .unknown)

        await rig.clock.waitForSleepers(1)
        rig.clock.advance(to: first.advanced(by: .milliseconds(-1)))
        #expect(rig.prober.calls(handler) == 0)
        #expect(rig.clock.sleeperCount == 1)

        rig.clock.advance(by: .milliseconds(1))
        let update = try await rig.recorder.result(key(0))
        #expect(update.tracker.lastResult?.at == first)
        #expect(rig.prober.calls(handler) == 1)
        await rig.scheduler.shutdown()
    }

    @Test func runsOncePerPeriod() async throws {
        let rig = Rig()
        let handler = FakeProber.target("web-0")
        await rig.scheduler.update(probes: [key(0): try definition(handler)])
        let first = at(ProbeScheduler.startOffset(for: key(0), period: period))
        for n in 0..<4 {
            await rig.clock.waitForSleepers(1)
            rig.clock.advance(to: first + period * n)
            let update = try await rig.recorder.result(key(0))
            #expect(update.tracker.lastResult?.at == first + period * n)
            #expect(update.tracker.resultCount == n + 1)
        }
        #expect(rig.prober.calls(handler) == 4)
        #expect(rig.prober.lastTimeout == .seconds(1))
        await rig.scheduler.shutdown()
    }

    @Test func probesStartAtTheirOwnOffsets() async throws {
        let rig = Rig()
        let keys = [key(0), key(1), key(2, .readiness)]
        var probes: [ProbeKey: ProbeDefinition] = [:]
        for (n, key) in keys.enumerated() { probes[key] = try definition(FakeProber.target("t\(n)")) }
        await rig.scheduler.update(probes: probes)
        await rig.clock.waitForSleepers(3)
        // key(1) at 4.588s, key(0) at 5.611s, key(2) at 9.892s.
        let order = [(key(1), 1), (key(0), 0), (key(2, .readiness), 2)]
        for (index, (key, n)) in order.enumerated() {
            rig.clock.advance(to: at(ProbeScheduler.startOffset(for: key, period: period)))
            let update = try await rig.recorder.result(key)
            #expect(update.tracker.lastResult?.at == at(ProbeScheduler.startOffset(for: key, period: period)))
            #expect(rig.prober.calls(FakeProber.target("t\(n)")) == 1)
            #expect(rig.prober.totalCalls == index + 1)
        }
        await rig.scheduler.shutdown()
    }

    @Test func theFailureThresholdIsReachedAfterExactlyNPeriods() async throws {
        let rig = Rig()
        let handler = FakeProber.target("web-0")
        rig.prober.set(.fail, for: handler)
        await rig.scheduler.update(probes: [key(0): try definition(handler, failureThreshold: 3)])
        let first = at(ProbeScheduler.startOffset(for: key(0), period: period))

        await rig.clock.waitForSleepers(1)
        rig.clock.advance(to: first)
        let one = try await rig.recorder.result(key(0))
        #expect(one.tracker.state == .ok)
        #expect(one.tracker.progress?.description == "failing 1/3")

        await rig.clock.waitForSleepers(1)
        rig.clock.advance(by: period)
        let two = try await rig.recorder.result(key(0))
        #expect(two.tracker.state == .ok)
        #expect(two.tracker.progress?.description == "failing 2/3")
        #expect(two.transition == nil)

        await rig.clock.waitForSleepers(1)
        rig.clock.advance(by: period)
        let three = try await rig.recorder.result(key(0))
        #expect(three.tracker.state == .failing)
        #expect(three.transition == ProbeTracker.Transition(from: .ok, to: .failing, at: first + period * 2))
        #expect(three.tracker.lastTransition == first + period * 2)
        await rig.scheduler.shutdown()
    }

    @Test func aChangedDefinitionRestartsTheProbeWithFreshState() async throws {
        let rig = Rig()
        let handler = FakeProber.target("web-0")
        rig.prober.set(.fail, for: handler)
        let original = try definition(handler, failureThreshold: 3)
        await rig.scheduler.update(probes: [key(0): original])
        let first = at(ProbeScheduler.startOffset(for: key(0), period: period))
        for n in 0..<2 {
            await rig.clock.waitForSleepers(1)
            rig.clock.advance(to: first + period * n)
            _ = try await rig.recorder.result(key(0))
        }
        #expect(await rig.scheduler.tracker(for: key(0))?.progress?.description == "failing 2/3")

        // The same definition again changes nothing.
        await rig.scheduler.update(probes: [key(0): original])
        #expect(await rig.scheduler.tracker(for: key(0))?.resultCount == 2)

        let changed = try definition(handler, failureThreshold: 5)
        await rig.scheduler.update(probes: [key(0): changed])
        let restarted = try await rig.recorder.next {
            $0.key == key(0) && $0.event == .started && $0.tracker.failureThreshold == 5
        }
        #expect(restarted.tracker.resultCount == 0)
        #expect(restarted.tracker.state == .unknown)
        let restartedAt = rig.clock.now
        let next = restartedAt + ProbeScheduler.startOffset(for: key(0), period: period)
        #expect(await rig.scheduler.firstRun(for: key(0)) == next)

        await rig.clock.waitForSleepers(1)
        rig.clock.advance(to: next)
        let update = try await rig.recorder.result(key(0))
        #expect(update.tracker.resultCount == 1)
        #expect(update.tracker.progress?.description == "failing 1/5")
        #expect(rig.prober.calls(handler) == 3)
        await rig.scheduler.shutdown()
    }

    @Test func aRemovedProbeStops() async throws {
        let rig = Rig()
        let handler = FakeProber.target("web-0")
        await rig.scheduler.update(probes: [key(0): try definition(handler)])
        let first = at(ProbeScheduler.startOffset(for: key(0), period: period))
        await rig.clock.waitForSleepers(1)
        rig.clock.advance(to: first)
        _ = try await rig.recorder.result(key(0))
        await rig.clock.waitForSleepers(1)

        await rig.scheduler.update(probes: [:])
        let stopped = try await rig.recorder.next { $0.key == key(0) && $0.event == .stopped }
        #expect(stopped.tracker.resultCount == 1)
        #expect(rig.clock.sleeperCount == 0)
        #expect(await rig.scheduler.keys.isEmpty)
        rig.clock.advance(by: period * 5)
        #expect(rig.prober.calls(handler) == 1)
        await rig.scheduler.shutdown()
    }

    @Test func aRunStillInFlightSkipsTicks() async throws {
        let rig = Rig()
        let handler = FakeProber.target("slow")
        rig.prober.set(.hang, for: handler)
        await rig.scheduler.update(probes: [key(0): try definition(handler)])
        let first = at(ProbeScheduler.startOffset(for: key(0), period: period))
        await rig.clock.waitForSleepers(1)
        rig.clock.advance(to: first)
        await rig.prober.waitForCalls(1, of: handler)

        rig.clock.advance(by: period * 3)
        #expect(rig.prober.calls(handler) == 1)

        rig.prober.set(.succeed, for: handler)
        rig.prober.release(handler)
        let late = try await rig.recorder.result(key(0))
        #expect(late.tracker.lastResult?.outcome == .failure)
        #expect(late.tracker.lastResult?.at == first + period * 3)
        // The tick due right now runs; the two missed ones are skipped.
        let next = try await rig.recorder.result(key(0))
        #expect(next.tracker.lastResult?.outcome == .success)
        await rig.clock.waitForSleepers(1)
        #expect(rig.prober.calls(handler) == 2)
        await rig.scheduler.shutdown()
    }

    @Test func concurrencyIsBounded() async throws {
        let rig = Rig(maxConcurrent: 2)
        let handlers = (0..<3).map { FakeProber.target("hung-\($0)") }
        var probes: [ProbeKey: ProbeDefinition] = [:]
        for (n, handler) in handlers.enumerated() {
            rig.prober.set(.hang, for: handler)
            probes[key(n)] = try definition(handler)
        }
        await rig.scheduler.update(probes: probes)
        await rig.clock.waitForSleepers(3)
        rig.clock.advance(by: period)
        await rig.prober.waitForCalls(2)
        #expect(rig.prober.totalCalls == 2)
        #expect(rig.scheduler.runsInFlight == 2)

        let running = try #require(handlers.first { rig.prober.calls($0) == 1 })
        rig.prober.release(running)
        await rig.prober.waitForCalls(3)
        #expect(handlers.allSatisfy { rig.prober.calls($0) == 1 })
        #expect(rig.prober.peakInFlight == 2)
        #expect(rig.scheduler.peakRunsInFlight == 2)
        await rig.scheduler.shutdown()
        for handler in handlers { rig.prober.release(handler) }
    }

    @Test func pauseStopsRunsAndResumeKeepsTheRhythm() async throws {
        let rig = Rig()
        let handler = FakeProber.target("web-0")
        await rig.scheduler.update(probes: [key(0): try definition(handler)])
        let first = at(ProbeScheduler.startOffset(for: key(0), period: period))
        await rig.clock.waitForSleepers(1)
        rig.clock.advance(to: first)
        _ = try await rig.recorder.result(key(0))
        await rig.clock.waitForSleepers(1)

        await rig.scheduler.pause()
        #expect(await rig.scheduler.isPaused)
        #expect(rig.clock.sleeperCount == 0)
        rig.clock.advance(by: period * 3 + .seconds(4))
        #expect(rig.prober.calls(handler) == 1)

        await rig.scheduler.resume()
        await rig.clock.waitForSleepers(1)
        rig.clock.advance(to: first + period * 4)
        let update = try await rig.recorder.result(key(0))
        #expect(update.tracker.lastResult?.at == first + period * 4)
        #expect(update.tracker.resultCount == 2)
        await rig.scheduler.shutdown()
    }

    @Test func overridesReplaceEveryPeriodAndTimeout() async throws {
        let rig = Rig()
        let handler = FakeProber.target("web-0")
        await rig.scheduler.update(probes: [key(0): try definition(handler)])
        await rig.scheduler.setOverrides(period: .seconds(1), timeout: .seconds(7))
        let first = at(ProbeScheduler.startOffset(for: key(0), period: .seconds(1)))
        #expect(await rig.scheduler.firstRun(for: key(0)) == first)
        for n in 0..<3 {
            await rig.clock.waitForSleepers(1)
            rig.clock.advance(to: first + .seconds(n))
            let update = try await rig.recorder.result(key(0))
            #expect(update.tracker.lastResult?.at == first + .seconds(n))
        }
        #expect(rig.prober.lastTimeout == .seconds(7))
        await rig.scheduler.shutdown()
    }

    @Test func warningAndUnknownOutcomesReachTheTracker() async throws {
        let rig = Rig()
        let handler = FakeProber.target("web-0")
        rig.prober.set(.warn, for: handler)
        await rig.scheduler.update(probes: [key(0): try definition(handler)])
        let first = at(ProbeScheduler.startOffset(for: key(0), period: period))
        await rig.clock.waitForSleepers(1)
        rig.clock.advance(to: first)
        let warned = try await rig.recorder.result(key(0))
        #expect(warned.tracker.state == .warning)
        #expect(warned.transition == ProbeTracker.Transition(from: .unknown, to: .warning, at: first))

        rig.prober.set(.unknown, for: handler)
        await rig.clock.waitForSleepers(1)
        rig.clock.advance(by: period)
        let unknown = try await rig.recorder.result(key(0))
        #expect(unknown.tracker.state == .unknown)
        #expect(unknown.tracker.lastResult?.message == "container not running")
        await rig.scheduler.shutdown()
    }

    @Test func shutdownFinishesTheUpdateStream() async throws {
        let clock = ManualClock()
        let scheduler = ProbeScheduler(prober: FakeProber(), clock: clock)
        await scheduler.update(probes: [key(0): try definition(FakeProber.target("x"))])
        await scheduler.shutdown()
        var seen: [ProbeUpdate.Event] = []
        for await update in scheduler.updates { seen.append(update.event) }
        #expect(seen == [.started])
        #expect(clock.sleeperCount == 0)
    }
}
