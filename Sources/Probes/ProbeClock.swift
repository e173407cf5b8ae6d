/// The time source of the probe scheduler, injected so tests can drive time by hand.
public protocol ProbeClock: Sendable {
    /// The current instant.
    var now: ProbeInstant { get }
    /// Suspends until `deadline` (returns at once when it has passed).
    /// - Throws: `CancellationError` when the task is cancelled first.
    func sleep(until deadline: ProbeInstant) async throws
}

/// The real clock: `ContinuousClock` time since the clock was created.
public struct ContinuousProbeClock: ProbeClock {
    private let origin: ContinuousClock.Instant

    /// Creates a clock whose origin is now.
    public init() {
        origin = .now
    }

    /// Time since the origin.
    public var now: ProbeInstant {
        ProbeInstant(offset: origin.duration(to: .now))
    }

    /// Sleeps on `ContinuousClock` until `deadline`.
    public func sleep(until deadline: ProbeInstant) async throws {
        try await Task.sleep(until: origin.advanced(by: deadline.offset), clock: .continuous)
    }
}
