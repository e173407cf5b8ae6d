import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// What the daemon says about an exec (`GET /exec/{id}/json`).
public struct ExecState: Sendable, Equatable {
    /// Whether the command still runs.
    public var running: Bool
    /// Its exit code once it has ended.
    public var exitCode: Int?
    /// The exec's own process id on the host (0 before it starts).
    public var pid: Int

    /// Creates a state.
    public init(running: Bool, exitCode: Int?, pid: Int = 0) {
        self.running = running
        self.exitCode = exitCode
        self.pid = pid
    }
}

extension DockerClient {
    /// Runs `command` in a running container and waits for it, as an exec probe does.
    ///
    /// The same exec client as `poddeck exec` (``execCreate(containerID:command:tty:stdin:)``,
    /// ``execStart(_:tty:_:)`` over a hijacked connection, ``execWait(_:timeout:)``), attached, no
    /// TTY, no stdin. The `timeout` bounds all of it; when it passes, the connection is closed and
    /// ``DockerError/commandTimedOut(after:)`` is thrown (a failed probe, as kubelet counts it). The
    /// command itself may keep running in the container: the Engine API cannot kill an exec.
    ///
    /// - Returns: the exit code and up to ``ExecResult/outputLimit`` bytes of combined output.
    public func exec(containerID: String, command: [String], timeout: Duration) async throws -> ExecResult {
        guard !command.isEmpty else { throw DockerError.invalidArgument("exec needs a command") }
        guard !containerID.isEmpty else { throw DockerError.invalidArgument("exec needs a container ID") }
        guard timeout > .zero else { throw DockerError.invalidArgument("exec timeout must be positive") }
        return try await withThrowingTaskGroup(of: ExecResult?.self) { group in
            group.addTask {
                do {
                    // Requests get a little longer than the timeout so the timer below decides.
                    return try await self.runExec(containerID: containerID, command: command, timeout: timeout + .seconds(5))
                } catch DockerError.timedOut {
                    throw DockerError.commandTimedOut(after: timeout)
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let result = first else {
                throw DockerError.commandTimedOut(after: timeout)
            }
            return result
        }
    }

    private func runExec(containerID: String, command: [String], timeout: Duration) async throws -> ExecResult {
        let execID = try await execCreate(containerID: containerID, command: command, tty: false, stdin: false)
        var output: [UInt8] = []
        var truncated = false
        try await execStart(execID, tty: false) { stream in
            var demultiplexer = DockerStreamDemultiplexer()
            while let bytes = try await stream.read() {
                try demultiplexer.feed(bytes) { kind, payload in
                    guard kind != .stdin else { return }
                    let room = ExecResult.outputLimit - output.count
                    if payload.count > room {
                        truncated = true
                        output.append(contentsOf: payload.prefix(max(0, room)))
                    } else {
                        output.append(contentsOf: payload)
                    }
                }
            }
        }
        let exitCode = try await execWait(execID, timeout: timeout)
        return ExecResult(exitCode: exitCode, output: String(decoding: output, as: UTF8.self), truncated: truncated)
    }

    private struct ExecCreated: Decodable {
        var id: String
        enum CodingKeys: String, CodingKey { case id = "Id" }
    }

    private struct ExecInspect: Decodable {
        var running: Bool
        var exitCode: Int?
        var pid: Int?
        enum CodingKeys: String, CodingKey { case running = "Running", exitCode = "ExitCode", pid = "Pid" }
    }

    /// Creates an exec of `command` in container `containerID` (`POST /containers/{id}/exec`),
    /// attached to stdout and stderr, to stdin when `stdin`, with a terminal when `tty`; returns
    /// the exec id.
    ///
    /// - Throws: ``DockerError/api(status:message:operation:)``: 404 no such container, 409 not running.
    public func execCreate(containerID: String, command: [String], tty: Bool, stdin: Bool,
                           environment: [String] = []) async throws -> String {
        guard !command.isEmpty else { throw DockerError.invalidArgument("exec needs a command") }
        guard !containerID.isEmpty else { throw DockerError.invalidArgument("exec needs a container ID") }
        let version = try await apiVersion()
        let operation = "POST /containers/\(containerID)/exec"
        var config: [String: Any] = ["AttachStdin": stdin, "AttachStdout": true, "AttachStderr": true, "Tty": tty, "Cmd": command]
        if !environment.isEmpty { config["Env"] = environment }
        let request = makeRequest(.POST, path: "/containers/\(Self.encodePath(containerID))/exec", version: version,
                                  json: ByteBuffer(bytes: Array(try JSONSerialization.data(withJSONObject: config))))
        let response = try await send(request, operation: operation, timeout: requestTimeout)
        guard response.status == .created || response.status == .ok else {
            throw await apiError(response, operation: operation)
        }
        return try decode(ExecCreated.self, from: try await collect(response, operation: operation, limit: 64 * 1024),
                          operation: operation).id
    }

    /// Starts exec `execID` on a hijacked connection (`POST /exec/{id}/start` with
    /// `Connection: Upgrade`, `Upgrade: tcp` → `101 UPGRADED`) and runs `body` with the two-way
    /// stream: without a TTY the output is multiplexed frames (``DockerStreamDemultiplexer``), with
    /// one it is raw. The connection closes when `body` returns.
    public func execStart<T: Sendable>(_ execID: String, tty: Bool, _ body: (inout DockerRawStream) async throws -> T) async throws -> T {
        let version = try await apiVersion()
        let json = Array(#"{"Detach":false,"Tty":\#(tty)}"#.utf8)
        return try await withHijackedStream(method: "POST", path: "/exec/\(Self.encodePath(execID))/start", version: version,
                                            json: json, operation: "POST /exec/\(execID)/start", body)
    }

    /// Tells exec `execID`'s terminal its new size (`POST /exec/{id}/resize?h=&w=`).
    public func execResize(_ execID: String, rows: Int, columns: Int) async throws {
        let version = try await apiVersion()
        let operation = "POST /exec/\(execID)/resize"
        let request = makeRequest(.POST, path: "/exec/\(Self.encodePath(execID))/resize", version: version,
                                  query: [("h", String(rows)), ("w", String(columns))])
        let response = try await send(request, operation: operation, timeout: requestTimeout)
        guard response.status == .ok || response.status == .created else { throw await apiError(response, operation: operation) }
        _ = try? await collect(response, operation: operation, limit: 64 * 1024)
    }

    /// Whether exec `execID` runs, and its exit code once ended (`GET /exec/{id}/json`).
    public func execInspect(_ execID: String) async throws -> ExecState {
        let version = try await apiVersion()
        let operation = "GET /exec/\(execID)/json"
        let request = makeRequest(.GET, path: "/exec/\(Self.encodePath(execID))/json", version: version)
        let response = try await send(request, operation: operation, timeout: requestTimeout)
        guard response.status == .ok else { throw await apiError(response, operation: operation) }
        let state = try decode(ExecInspect.self, from: try await collect(response, operation: operation, limit: 1 << 20),
                               operation: operation)
        return ExecState(running: state.running, exitCode: state.running ? nil : state.exitCode, pid: state.pid ?? 0)
    }

    /// Waits for exec `execID` to be recorded as ended and returns its exit code. Its output
    /// stream can close a moment before the daemon records the exit, so this asks again a few
    /// times, 10 ms apart, within `timeout`.
    public func execWait(_ execID: String, timeout: Duration = .seconds(30)) async throws -> Int {
        let operation = "GET /exec/\(execID)/json"
        let deadline = ContinuousClock.now + timeout
        while true {
            let state = try await execInspect(execID)
            if !state.running, let exitCode = state.exitCode { return exitCode }
            guard ContinuousClock.now < deadline else {
                throw DockerError.malformedResponse(operation: operation, reason: "the exec's output ended but it has no exit code after \(timeout.formattedSeconds)")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
