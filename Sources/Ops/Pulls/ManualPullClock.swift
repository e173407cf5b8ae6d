import Probes

/// A ``PullClock`` that moves only when told, for deterministic tests of stall detection and
/// progress throttling. Built on the probe scheduler's ``Probes/ManualClock``.
public final class ManualPullClock: PullClock {
    private let clock: ManualClock

    /// Creates a clock that reads `now`.
    public init(now: Duration = .zero) {
        clock = ManualClock(now: ProbeInstant(offset: now))
    }

    /// The current time.
    public var now: Duration { clock.now.offset }

    /// How many tasks sleep on the clock right now.
    public var sleeperCount: Int { clock.sleeperCount }

    /// Moves time forward by `duration`, waking the sleepers whose deadline has come.
    public func advance(by duration: Duration) {
        clock.advance(by: duration)
    }

    /// Suspends until at least `count` tasks sleep on the clock.
    public func waitForSleepers(_ count: Int) async {
        await clock.waitForSleepers(count)
    }

    /// Suspends until ``advance(by:)`` reaches `deadline`.
    public func sleep(until deadline: Duration) async throws {
        try await clock.sleep(until: ProbeInstant(offset: deadline))
    }
}
