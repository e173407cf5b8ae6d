/// One line of a container's log, as split by ``LogLineSplitter``.
public struct LogLine: Sendable, Equatable {
    /// The stream it was written to.
    public enum Stream: Sendable, Equatable {
        case stdout, stderr
    }

    /// stdout or stderr (a TTY container has only stdout).
    public var stream: Stream
    /// The daemon's RFC 3339 time stamp, when asked for (``LogOptions/timestamps``); else empty.
    public var timestamp: String
    /// The line's bytes without its line ending (raw: may hold anything the container wrote).
    public var bytes: [UInt8]

    /// Creates a line.
    public init(stream: Stream, timestamp: String = "", bytes: [UInt8]) {
        self.stream = stream
        self.timestamp = timestamp
        self.bytes = bytes
    }
}

/// Turns the payloads of a log stream into lines, per stream (a line may be split across frames,
/// and stdout and stderr frames interleave), keeping their order.
public struct LogLineSplitter: Sendable {
    /// Whether each line starts with the daemon's time stamp and a space.
    public let timestamps: Bool
    private var partial: [LogLine.Stream: [UInt8]] = [:]

    /// A splitter; `timestamps` says whether the stream was asked for with time stamps.
    public init(timestamps: Bool) {
        self.timestamps = timestamps
    }

    /// Feeds a payload of `stream`; returns the lines it completed.
    public mutating func feed(_ stream: LogLine.Stream, _ bytes: some Collection<UInt8>) -> [LogLine] {
        var out: [LogLine] = []
        var current = partial[stream] ?? []
        partial[stream] = nil
        for byte in bytes {
            if byte == 10 {
                out.append(line(stream, current))
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(byte)
            }
        }
        if !current.isEmpty { partial[stream] = current }
        return out
    }

    /// The unfinished lines at the end of the stream (stdout first).
    public mutating func finish() -> [LogLine] {
        var out: [LogLine] = []
        for stream in [LogLine.Stream.stdout, .stderr] {
            if let rest = partial[stream], !rest.isEmpty { out.append(line(stream, rest)) }
        }
        partial = [:]
        return out
    }

    private func line(_ stream: LogLine.Stream, _ raw: [UInt8]) -> LogLine {
        var bytes = raw
        if bytes.last == 13 { bytes.removeLast() }
        guard timestamps, let space = bytes.firstIndex(of: 32), space > 0, space < 40, bytes[0] >= 48, bytes[0] <= 57 else {
            return LogLine(stream: stream, bytes: bytes)
        }
        return LogLine(stream: stream, timestamp: String(decoding: bytes[..<space], as: UTF8.self),
                       bytes: Array(bytes[(space + 1)...]))
    }
}
