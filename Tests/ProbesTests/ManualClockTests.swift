import Probes
import Testing

@Suite struct ManualClockTests {
    @Test func advanceWakesDueSleepersOnly() async throws {
        let clock = ManualClock()
        let early = Task { try await clock.sleep(until: ProbeInstant(offset: .seconds(5))); return clock.now }
        let late = Task { try await clock.sleep(until: ProbeInstant(offset: .seconds(20))); return clock.now }
        await clock.waitForSleepers(2)
        clock.advance(by: .seconds(10))
        #expect(try await early.value == ProbeInstant(offset: .seconds(10)))
        #expect(clock.sleeperCount == 1)
        clock.advance(to: ProbeInstant(offset: .seconds(20)))
        #expect(try await late.value == ProbeInstant(offset: .seconds(20)))
        #expect(clock.sleeperCount == 0)
    }

    @Test func aPassedDeadlineReturnsAtOnce() async throws {
        let clock = ManualClock(now: ProbeInstant(offset: .seconds(3)))
        try await clock.sleep(until: ProbeInstant(offset: .seconds(3)))
        try await clock.sleep(until: .zero)
        #expect(clock.sleeperCount == 0)
    }

    @Test func cancellationEndsASleep() async throws {
        let clock = ManualClock()
        let sleeper = Task { try await clock.sleep(until: ProbeInstant(offset: .seconds(60))) }
        await clock.waitForSleepers(1)
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(clock.sleeperCount == 0)
    }
}
