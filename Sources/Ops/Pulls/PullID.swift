/// Identifies one pull of a ``PullManager``; later pulls have larger IDs.
public struct PullID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The sequence number, from 1.
    public let rawValue: Int

    /// Creates an ID.
    public init(_ rawValue: Int) {
        self.rawValue = rawValue
    }

    /// Orders pulls by when they were enqueued.
    public static func < (lhs: PullID, rhs: PullID) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// `#` and the number, e.g. `#3`.
    public var description: String { "#\(rawValue)" }
}
