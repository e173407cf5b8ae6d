/// A point in time on a ``ProbeClock``: the time elapsed since the clock's origin.
public struct ProbeInstant: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Time since the clock's origin.
    public var offset: Duration

    /// Creates an instant `offset` after the origin.
    public init(offset: Duration) {
        self.offset = offset
    }

    /// The clock's origin.
    public static let zero = ProbeInstant(offset: .zero)

    /// The instant `duration` later.
    public func advanced(by duration: Duration) -> ProbeInstant {
        ProbeInstant(offset: offset + duration)
    }

    /// The time from `self` to `other` (negative when `other` is earlier).
    public func duration(to other: ProbeInstant) -> Duration {
        other.offset - offset
    }

    /// Orders instants by time.
    public static func < (lhs: ProbeInstant, rhs: ProbeInstant) -> Bool {
        lhs.offset < rhs.offset
    }

    /// The instant `rhs` after `lhs`.
    public static func + (lhs: ProbeInstant, rhs: Duration) -> ProbeInstant {
        lhs.advanced(by: rhs)
    }

    /// The time between two instants.
    public static func - (lhs: ProbeInstant, rhs: ProbeInstant) -> Duration {
        rhs.duration(to: lhs)
    }

    /// `t+` and the offset, e.g. `t+10s`.
    public var description: String { "t+\(offset.probeText)" }
}
