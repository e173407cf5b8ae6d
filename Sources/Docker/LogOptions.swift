/// What `GET /containers/{id}/logs` returns: which lines, from when, and whether it follows.
public struct LogOptions: Sendable, Equatable {
    /// Keep the stream open and send new lines as they are written.
    public var follow: Bool
    /// Only the last `tail` lines (nil: all).
    public var tail: Int?
    /// Only lines written at or after this time: UNIX seconds with up to nine decimals, e.g.
    /// `1700000000.123456789` (nil: from the start).
    public var since: String?
    /// Prefix every line with its RFC 3339 time stamp (nanoseconds) and a space.
    public var timestamps: Bool

    /// Creates options.
    public init(follow: Bool = false, tail: Int? = nil, since: String? = nil, timestamps: Bool = false) {
        self.follow = follow
        self.tail = tail
        self.since = since
        self.timestamps = timestamps
    }

    /// The query items, in the order the docker CLI sends them.
    var query: [(String, String)] {
        var items = [("stdout", "1"), ("stderr", "1")]
        if follow { items.append(("follow", "1")) }
        if timestamps { items.append(("timestamps", "1")) }
        items.append(("tail", tail.map { String(max(0, $0)) } ?? "all"))
        if let since { items.append(("since", since)) }
        return items
    }
}
