import Docker
import Foundation
import Testing
import TestSupport

extension DockerIntegrationTests {
    /// Reads a container's whole log (following until it stops) as lines.
    func logLines(_ client: DockerClient, _ container: String, options: LogOptions = LogOptions(follow: true)) async throws -> [LogLine] {
        let info = try #require(try await client.containerInspect(container))
        var splitter = LogLineSplitter(timestamps: options.timestamps)
        var lines: [LogLine] = []
        try await client.logs(containerID: info.id, options: options, tty: info.tty) { stream, bytes in
            lines += splitter.feed(stream, bytes)
        }
        return lines + splitter.finish()
    }

    /// Reads a container's whole log with ``DockerClient/followLogsToTheEnd(containerID:options:tty:payload:)``:
    /// the lines, and the bytes of each stream.
    func logsToTheEnd(_ client: DockerClient, _ container: String, options: LogOptions = LogOptions(follow: true))
        async throws -> (lines: [LogLine], stdout: [UInt8], stderr: [UInt8]) {
        let info = try #require(try await client.containerInspect(container))
        var splitter = LogLineSplitter(timestamps: options.timestamps)
        var lines: [LogLine] = []
        var stdout: [UInt8] = []
        var stderr: [UInt8] = []
        try await client.followLogsToTheEnd(containerID: info.id, options: options, tty: info.tty) { stream, bytes in
            if stream == .stdout { stdout += bytes } else { stderr += bytes }
            lines += splitter.feed(stream, bytes)
        }
        return (lines + splitter.finish(), stdout, stderr)
    }

    /// 100,000 numbered lines arrive once each and in order, followed until the container stops
    /// (a followed stream alone can end before the daemon handed over the last lines).
    @Test func logsOfAHundredThousandLinesArriveOnceAndInOrder() async throws {
        let env = try DockerEnvironment.require()
        let container = try await env.daemon.runContainer(image: env.busybox, command: ["seq", "1", "100000"])
        defer { env.daemon.removeContainer(container) }
        try await env.withClient { client in
            let lines = try await logsToTheEnd(client, container).lines
            #expect(lines.count == 100_000)
            let numbers = lines.map { Int(String(decoding: $0.bytes, as: UTF8.self)) }
            #expect(numbers == (1...100_000).map { Optional($0) })
            #expect(lines.allSatisfy { $0.stream == .stdout && $0.timestamp.isEmpty })
        }
    }

    /// Read to the end, the bytes of each stream are the daemon's own, with or without time
    /// stamps: line endings, a last line without one and the stream of each line kept.
    @Test func logsToTheEndKeepTheBytesOfEachStream() async throws {
        let env = try DockerEnvironment.require()
        let container = try await env.daemon.runContainer(
            image: env.busybox, command: ["sh", "-c", "echo out one; printf 'crlf\\r\\n'; echo err one >&2; echo; printf 'no newline'"])
        defer { env.daemon.removeContainer(container) }
        try await env.withClient { client in
            let plain = try await logsToTheEnd(client, container)
            #expect(String(decoding: plain.stdout, as: UTF8.self) == "out one\ncrlf\r\n\nno newline")
            #expect(String(decoding: plain.stderr, as: UTF8.self) == "err one\n")
            let stamped = try await logsToTheEnd(client, container, options: LogOptions(follow: true, timestamps: true))
            #expect(stamped.lines.map { String(decoding: $0.bytes, as: UTF8.self) }.sorted() == ["", "crlf", "err one", "no newline", "out one"])
            #expect(stamped.lines.allSatisfy { $0.timestamp.hasSuffix("Z") && $0.timestamp.count >= 20 }, "\(stamped.lines.map(\.timestamp))")
            var stdout: [UInt8] = []
            var stderr: [UInt8] = []
            let info = try #require(try await client.containerInspect(container))
            try await client.logs(containerID: info.id, options: LogOptions(timestamps: true), tty: false) { stream, bytes in
                if stream == .stdout { stdout += bytes } else { stderr += bytes }
            }
            #expect(stamped.stdout == stdout)
            #expect(stamped.stderr == stderr)
        }
    }

    /// A read again from the last time stamp skips what was delivered: older lines, and as many at
    /// that time stamp as were delivered.
    @Test func replayFilterSkipsWhatWasDelivered() {
        var filter = LogReplayFilter()
        let first = ["2024-05-01T10:00:00.000000001Z", "2024-05-01T10:00:00.000000002Z", "2024-05-01T10:00:00.000000002Z"]
        #expect(first.map { filter.admits($0) } == [true, true, true])
        #expect(filter.lastStamp == "2024-05-01T10:00:00.000000002Z" && filter.atLastStamp == 2)
        filter.reread()
        let again = ["2024-05-01T10:00:00.000000001Z", "2024-05-01T10:00:00.000000002Z", "2024-05-01T10:00:00.000000002Z",
                     "2024-05-01T10:00:00.000000002Z", "2024-05-01T10:00:00.000000003Z", ""]
        #expect(again.map { filter.admits($0) } == [false, false, false, true, true, true])
        #expect(filter.lastStamp == "2024-05-01T10:00:00.000000003Z" && filter.atLastStamp == 1)
        // Without a read again nothing is skipped, even at the same time stamp.
        var fresh = LogReplayFilter()
        #expect(["2024-05-01T10:00:00Z", "2024-05-01T10:00:00Z"].map { fresh.admits($0) } == [true, true])
    }

    @Test func logsTellStdoutFromStderrAndKeepTimestamps() async throws {
        let env = try DockerEnvironment.require()
        let container = try await env.daemon.runContainer(
            image: env.busybox, command: ["sh", "-c", "echo out one; echo err one >&2; printf 'no newline'"])
        defer { env.daemon.removeContainer(container) }
        try await env.withClient { client in
            let lines = try await logLines(client, container, options: LogOptions(follow: true, timestamps: true))
            #expect(lines.map { String(decoding: $0.bytes, as: UTF8.self) }.sorted() == ["err one", "no newline", "out one"])
            #expect(lines.first { $0.bytes == Array("err one".utf8) }?.stream == .stderr)
            #expect(lines.first { $0.bytes == Array("out one".utf8) }?.stream == .stdout)
            #expect(lines.allSatisfy { $0.timestamp.hasSuffix("Z") && $0.timestamp.count >= 20 }, "\(lines.map(\.timestamp))")
            // A reconnection from the last time stamp gets that line again, and nothing older.
            let last = try #require(lines.map(\.timestamp).max())
            let since = try #require(DockerClient.sinceValue(forTimestamp: last))
            let again = try await logLines(client, container, options: LogOptions(since: since, timestamps: true))
            #expect(!again.isEmpty)
            #expect(again.allSatisfy { $0.timestamp >= last })
            let tail = try await logLines(client, container, options: LogOptions(tail: 1))
            #expect(tail.count == 1)
        }
    }

    @Test func logsOfATerminalContainerAreOneRawStream() async throws {
        let env = try DockerEnvironment.require()
        let container = try await env.daemon.runContainer(image: env.busybox, command: ["sh", "-c", "echo on a tty; echo err >&2"],
                                                          tty: true)
        defer { env.daemon.removeContainer(container) }
        try await env.withClient { client in
            let info = try #require(try await client.containerInspect(container))
            #expect(info.tty)
            let lines = try await logLines(client, container)
            #expect(lines.map { String(decoding: $0.bytes, as: UTF8.self) } == ["on a tty", "err"])
            #expect(lines.allSatisfy { $0.stream == .stdout })
        }
    }

    @Test func sinceValuesAreUnixSecondsWithNanoseconds() {
        #expect(DockerClient.sinceValue(forTimestamp: "2024-05-01T10:00:00.123456789Z") == "1714557600.123456789")
        #expect(DockerClient.sinceValue(forTimestamp: "2024-05-01T10:00:00Z") == "1714557600.000000000")
        #expect(DockerClient.sinceValue(forTimestamp: "2024-05-01T12:00:00.5+02:00") == "1714557600.500000000")
        #expect(DockerClient.sinceValue(forTimestamp: "yesterday") == nil)
    }

    @Test func splitterKeepsLinesWholeAcrossFramesPerStream() {
        var splitter = LogLineSplitter(timestamps: true)
        var lines = splitter.feed(.stdout, Array("2024-05-01T10:00:00.000000001Z hel".utf8))
        lines += splitter.feed(.stderr, Array("2024-05-01T10:00:00.000000002Z oops\r\n".utf8))
        lines += splitter.feed(.stdout, Array("lo\n2024-05-01T10:00:00.000000003Z x".utf8))
        lines += splitter.finish()
        #expect(lines == [
            LogLine(stream: .stderr, timestamp: "2024-05-01T10:00:00.000000002Z", bytes: Array("oops".utf8)),
            LogLine(stream: .stdout, timestamp: "2024-05-01T10:00:00.000000001Z", bytes: Array("hello".utf8)),
            LogLine(stream: .stdout, timestamp: "2024-05-01T10:00:00.000000003Z", bytes: Array("x".utf8)),
        ])
    }

    /// The hijacked exec stream carries stdin to the command; closing it ends the command.
    @Test func execWithStdinOverTheUpgradedConnection() async throws {
        let env = try DockerEnvironment.require()
        try await withContainer(env) { client, container in
            let exec = try await client.execCreate(containerID: container, command: ["sh", "-c", "cat; echo done >&2; exit 7"],
                                                   tty: false, stdin: true)
            var stdout: [UInt8] = []
            var stderr: [UInt8] = []
            try await client.execStart(exec, tty: false) { stream in
                try await stream.writer.write(Array("hello over the hijacked stream\n".utf8))
                stream.writer.finish()
                var demultiplexer = DockerStreamDemultiplexer()
                while let bytes = try await stream.read() {
                    try demultiplexer.feed(bytes) { kind, payload in
                        if kind == .stderr { stderr += payload } else { stdout += payload }
                    }
                }
            }
            #expect(String(decoding: stdout, as: UTF8.self) == "hello over the hijacked stream\n")
            #expect(String(decoding: stderr, as: UTF8.self) == "done\n")
            #expect(try await client.execWait(exec) == 7)
        }
    }

    /// With a TTY the output is raw, and exec resize changes what `stty size` says.
    @Test func execWithATerminalIsRawAndResizes() async throws {
        let env = try DockerEnvironment.require()
        try await withContainer(env) { client, container in
            let exec = try await client.execCreate(containerID: container, command: ["sh"], tty: true, stdin: true)
            let seen = try await client.execStart(exec, tty: true) { stream in
                try await client.execResize(exec, rows: 33, columns: 111)
                try await stream.writer.write(Array("stty size; exit 3\n".utf8))
                var output: [UInt8] = []
                while let bytes = try await stream.read() { output += bytes }
                return String(decoding: output, as: UTF8.self)
            }
            #expect(seen.contains("33 111"), "\(seen)")
            #expect(try await client.execWait(exec) == 3)
            let state = try await client.execInspect(exec)
            #expect(state == ExecState(running: false, exitCode: 3, pid: state.pid))
        }
    }

    @Test func execStartOfAnUnknownExecSaysSo() async throws {
        let env = try DockerEnvironment.require()
        try await env.withClient { client in
            let error = await #expect(throws: DockerError.self) {
                try await client.execStart(String(repeating: "0", count: 64), tty: false) { _ in () }
            }
            #expect(error?.httpStatus == 404, "\(String(describing: error))")
        }
    }
}
