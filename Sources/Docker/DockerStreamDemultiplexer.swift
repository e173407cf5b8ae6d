/// Splits the multiplexed stdout/stderr stream of a container without a TTY (exec output and
/// logs) into its frames.
///
/// Each frame is an 8-byte header — stream type (0 stdin, 1 stdout, 2 stderr, 3 daemon
/// error), three zero bytes, a big-endian 32-bit payload length — then the payload. Frames may
/// be split across chunks anywhere.
public struct DockerStreamDemultiplexer: Sendable {
    /// Which stream a payload belongs to.
    public enum Stream: UInt8, Sendable {
        case stdin = 0, stdout = 1, stderr = 2, systemError = 3
    }

    private var header: [UInt8] = []
    private var remaining = 0
    private var stream = Stream.stdout

    /// A demultiplexer at the start of a stream.
    public init() {}

    /// Whether the stream ended cleanly between frames.
    public var isBetweenFrames: Bool { remaining == 0 && header.isEmpty }

    /// Feeds bytes, calling `payload` for each piece of frame content.
    public mutating func feed(_ bytes: some Collection<UInt8>, payload: (Stream, ArraySlice<UInt8>) throws -> Void) throws {
        let array = Array(bytes)
        var index = 0
        while index < array.count {
            if remaining > 0 {
                let take = min(remaining, array.count - index)
                try payload(stream, array[index..<index + take])
                index += take
                remaining -= take
                continue
            }
            let need = 8 - header.count
            let take = min(need, array.count - index)
            header.append(contentsOf: array[index..<index + take])
            index += take
            guard header.count == 8 else { continue }
            guard let kind = Stream(rawValue: header[0]), header[1] == 0, header[2] == 0, header[3] == 0 else {
                throw DockerError.malformedResponse(operation: "container output", reason: "invalid stream frame header \(header)")
            }
            stream = kind
            remaining = Int(header[4]) << 24 | Int(header[5]) << 16 | Int(header[6]) << 8 | Int(header[7])
            header.removeAll(keepingCapacity: true)
        }
    }
}
