import Foundation

/// The status line and headers of an HTTP/1.1 response read off a raw connection, before the
/// connection is handed over as a two-way byte stream (`101 UPGRADED`).
struct DockerResponseHead: Sendable, Equatable {
    /// The status code, e.g. 101, 200, 404.
    var status: Int
    /// The reason phrase, e.g. `UPGRADED`.
    var reason: String
    /// Header names in lower case and their values, in order.
    var headers: [(name: String, value: String)]

    /// The first value of header `name` (case-insensitive).
    func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name == lower }?.value
    }

    static func == (lhs: DockerResponseHead, rhs: DockerResponseHead) -> Bool {
        lhs.status == rhs.status && lhs.reason == rhs.reason
            && lhs.headers.map(\.name) == rhs.headers.map(\.name) && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }

    /// The most bytes a response head may take.
    static let limit = 64 * 1024

    /// Parses a head from the start of `bytes` when it is complete (ends with an empty line);
    /// returns it with the number of bytes it took, nil when more bytes are needed.
    ///
    /// - Throws: ``DockerError/malformedResponse(operation:reason:)`` for a head that is not HTTP/1.x or too long.
    static func parse(_ bytes: [UInt8], operation: String) throws(DockerError) -> (head: DockerResponseHead, length: Int)? {
        guard let end = headEnd(in: bytes) else {
            if bytes.count > limit { throw .malformedResponse(operation: operation, reason: "response head longer than \(limit) bytes") }
            return nil
        }
        let text = String(decoding: bytes[0..<end], as: UTF8.self)
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last == "" { lines.removeLast() }
        guard let statusLine = lines.first, statusLine.hasPrefix("HTTP/1.") else {
            throw .malformedResponse(operation: operation, reason: "not an HTTP/1 response: \(Self.quoted(lines.first))")
        }
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, let status = Int(parts[1]), (100...599).contains(status) else {
            throw .malformedResponse(operation: operation, reason: "bad status line \(Self.quoted(statusLine))")
        }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.append((name, value))
        }
        let reason = parts.count > 2 ? String(parts[2]) : ""
        return (DockerResponseHead(status: status, reason: reason, headers: headers), end + 4)
    }

    /// The index of the `\r\n\r\n` ending the head, if present.
    private static func headEnd(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        var i = 0
        while i + 3 < bytes.count {
            if bytes[i] == 13, bytes[i + 1] == 10, bytes[i + 2] == 13, bytes[i + 3] == 10 { return i }
            i += 1
        }
        return nil
    }

    private static func quoted(_ line: String?) -> String {
        guard let line else { return "(empty)" }
        return "\"" + String(line.prefix(80)) + "\""
    }
}
