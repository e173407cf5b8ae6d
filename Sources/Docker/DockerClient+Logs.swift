import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension DockerClient {
    /// Streams container `containerID`'s logs (`GET /containers/{id}/logs`), calling `payload`
    /// with each piece of output in arrival order; the next chunk is read only once `payload`
    /// returns, so a slow consumer slows the stream instead of buffering it.
    ///
    /// Without a TTY (`tty` false, see ``ContainerInfo/tty``) the body is multiplexed frames and
    /// each piece says its stream; with a TTY it is one raw stream reported as stdout. Returns when
    /// the daemon ends the stream: at once without ``LogOptions/follow``, else when the container
    /// stops.
    public func logs(containerID: String, options: LogOptions, tty: Bool,
                     payload: (LogLine.Stream, ArraySlice<UInt8>) async throws -> Void) async throws {
        guard !containerID.isEmpty else { throw DockerError.invalidArgument("logs need a container ID") }
        let version = try await apiVersion()
        let operation = "GET /containers/\(containerID)/logs"
        let request = makeRequest(.GET, path: "/containers/\(Self.encodePath(containerID))/logs", version: version,
                                  query: options.query)
        let response = try await send(request, operation: operation, timeout: options.follow ? nil : requestTimeout)
        guard response.status == .ok else { throw await apiError(response, operation: operation) }
        var demultiplexer = DockerStreamDemultiplexer()
        var pieces: [(LogLine.Stream, ArraySlice<UInt8>)] = []
        do {
            for try await chunk in response.body {
                let bytes = Array(chunk.readableBytesView)
                if tty {
                    try await payload(.stdout, bytes[...])
                    continue
                }
                pieces.removeAll(keepingCapacity: true)
                try demultiplexer.feed(bytes) { kind, piece in
                    switch kind {
                    case .stdout: pieces.append((.stdout, piece))
                    case .stderr, .systemError: pieces.append((.stderr, piece))
                    case .stdin: break
                    }
                }
                for (kind, piece) in pieces { try await payload(kind, piece) }
            }
        } catch let error as DockerError {
            throw error
        } catch {
            throw mapTransportError(error, operation: operation, timeout: nil)
        }
    }

    /// The `since` value for lines written at or after an RFC 3339 time stamp such as the daemon
    /// prints (`2024-05-01T10:00:00.123456789Z`): UNIX seconds and nanoseconds; nil when it
    /// cannot be read.
    public static func sinceValue(forTimestamp stamp: String) -> String? {
        // Date and time, then an optional fraction, then Z or an offset.
        let bytes = Array(stamp.utf8)
        guard bytes.count >= 20, bytes[4] == 45, bytes[7] == 45, bytes[10] == 84, bytes[13] == 58, bytes[16] == 58 else { return nil }
        func number(_ range: Range<Int>) -> Int? { Int(String(decoding: bytes[range], as: UTF8.self)) }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19) else { return nil }
        var index = 19
        var fraction = ""
        if index < bytes.count, bytes[index] == 46 {
            index += 1
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                fraction.append(Character(Unicode.Scalar(bytes[index])))
                index += 1
            }
        }
        var offset = 0
        if index < bytes.count, bytes[index] == 43 || bytes[index] == 45, index + 6 <= bytes.count,
           let h = number(index + 1..<index + 3), let m = number(index + 4..<index + 6) {
            offset = (h * 3600 + m * 60) * (bytes[index] == 43 ? 1 : -1)
        }
        var parts = DateComponents()
        parts.year = year; parts.month = month; parts.day = day
        parts.hour = hour; parts.minute = minute; parts.second = second
        parts.timeZone = TimeZone(identifier: "UTC")
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: parts) else { return nil }
        let seconds = Int(date.timeIntervalSince1970) - offset
        fraction = String(fraction.prefix(9))
        while fraction.count < 9 { fraction.append("0") }
        return "\(seconds).\(fraction)"
    }
}
