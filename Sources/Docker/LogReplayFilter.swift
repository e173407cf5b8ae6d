/// Tells which lines of a log read again from a time stamp were already delivered.
///
/// A read with `since` set to the last time stamp delivered (see
/// ``DockerClient/sinceValue(forTimestamp:)``) starts with lines already delivered: those with
/// an older time stamp, and as many at that time stamp as were delivered. Call ``reread()``
/// before such a read and ``admits(_:)`` with each line's time stamp in order.
public struct LogReplayFilter: Sendable, Equatable {
    /// The newest time stamp delivered (empty: none yet).
    public private(set) var lastStamp = ""
    /// How many lines were delivered at ``lastStamp``.
    public private(set) var atLastStamp = 0
    private var floor = ""
    private var skipAtFloor = 0

    /// A filter that has delivered nothing.
    public init() {}

    /// A read starts again from ``lastStamp``: its first lines may repeat delivered ones.
    public mutating func reread() {
        floor = lastStamp
        skipAtFloor = atLastStamp
    }

    /// Whether a line with time stamp `stamp` (RFC 3339 with nanoseconds as the daemon prints
    /// it; empty when unknown) is new; when it is, it counts as delivered.
    public mutating func admits(_ stamp: String) -> Bool {
        guard !stamp.isEmpty else { return true }
        if !floor.isEmpty {
            if stamp < floor { return false }
            if stamp == floor && skipAtFloor > 0 {
                skipAtFloor -= 1
                return false
            }
        }
        if stamp == lastStamp {
            atLastStamp += 1
        } else {
            lastStamp = stamp
            atLastStamp = 1
        }
        return true
    }
}
