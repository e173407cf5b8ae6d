import Docker

/// One log line as the dashboard keeps it: sanitised for the terminal.
public struct LogEntry: Sendable, Equatable {
    /// stdout or stderr.
    public var stream: LogLine.Stream
    /// The daemon's time stamp (RFC 3339), sanitised; empty when unknown.
    public var timestamp: String
    /// The text, sanitised (control characters and escape sequences made visible).
    public var text: String
    /// A line the dashboard wrote, not the container (a restart or a new container).
    public var isMarker: Bool

    /// Creates an entry.
    public init(stream: LogLine.Stream = .stdout, timestamp: String = "", text: String, isMarker: Bool = false) {
        self.stream = stream
        self.timestamp = timestamp
        self.text = text
        self.isMarker = isMarker
    }

    /// The line that separates a container's logs from those after its restart or replacement.
    public static func marker(_ text: String) -> LogEntry {
        LogEntry(text: "──── " + text + " ────", isMarker: true)
    }
}
