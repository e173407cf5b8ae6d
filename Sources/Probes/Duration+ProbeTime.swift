import NIOCore

extension Duration {
    /// The time from `start` to now.
    static func probeLatency(since start: NIODeadline) -> Duration {
        .nanoseconds((NIODeadline.now() - start).nanoseconds)
    }

    /// The duration as a NIO `TimeAmount` (negative durations become zero).
    var probeTimeAmount: TimeAmount {
        .nanoseconds(Swift.max(0, probeNanoseconds))
    }
}
