/// The time source of the pull engine, injected so tests can drive time by hand.
///
/// Times are `Duration`s since the clock's origin, the form ``Docker/PullProgress`` takes.
public protocol PullClock: Sendable {
    /// Time elapsed since the clock's origin.
    var now: Duration { get }
    /// Suspends until `deadline` (returns at once when it has passed).
    /// - Throws: `CancellationError` when the task is cancelled first.
    func sleep(until deadline: Duration) async throws
}

/// The real clock: `ContinuousClock` time since the clock was created.
public struct ContinuousPullClock: PullClock {
    private let origin: ContinuousClock.Instant

    /// Creates a clock whose origin is now.
    public init() {
        origin = .now
    }

    /// Time since the origin.
    public var now: Duration {
        origin.duration(to: .now)
    }

    /// Sleeps on `ContinuousClock` until `deadline`.
    public func sleep(until deadline: Duration) async throws {
        try await Task.sleep(until: origin.advanced(by: deadline), clock: .continuous)
    }
}
