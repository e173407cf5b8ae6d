import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension DockerClient {
    /// Runs `command` in a running container and waits for it, as an exec probe does.
    ///
    /// `POST /containers/{id}/exec`, then `POST /exec/{id}/start` (attached, no TTY) reading the
    /// multiplexed output, then `GET /exec/{id}/json` for the exit code. The `timeout` bounds all
    /// of it; when it passes, the connection is closed and ``DockerError/commandTimedOut(after:)``
    /// is thrown (a failed probe, as kubelet counts it). The command itself may keep running in
    /// the container: the Engine API cannot kill an exec.
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

    private struct ExecCreated: Decodable {
        var id: String
        enum CodingKeys: String, CodingKey { case id = "Id" }
    }

    private struct ExecInspect: Decodable {
        var running: Bool
        var exitCode: Int?
        enum CodingKeys: String, CodingKey { case running = "Running", exitCode = "ExitCode" }
    }

    private func runExec(containerID: String, command: [String], timeout: Duration) async throws -> ExecResult {
        let version = try await apiVersion()
        let createOperation = "POST /containers/\(containerID)/exec"
        let config: [String: Any] = ["AttachStdin": false, "AttachStdout": true, "AttachStderr": true, "Tty": false, "Cmd": command]
        let created = makeRequest(.POST, path: "/containers/\(Self.encodePath(containerID))/exec", version: version,
                                  json: ByteBuffer(bytes: Array(try JSONSerialization.data(withJSONObject: config))))
        let createResponse = try await send(created, operation: createOperation, timeout: timeout)
        guard createResponse.status == .created || createResponse.status == .ok else {
            throw await apiError(createResponse, operation: createOperation)
        }
        let execID = try decode(ExecCreated.self, from: try await collect(createResponse, operation: createOperation, limit: 64 * 1024),
                                operation: createOperation).id

        let startOperation = "POST /exec/\(execID)/start"
        let start = makeRequest(.POST, path: "/exec/\(Self.encodePath(execID))/start", version: version,
                                json: ByteBuffer(string: #"{"Detach":false,"Tty":false}"#))
        let startResponse = try await send(start, operation: startOperation, timeout: timeout)
        guard startResponse.status == .ok else { throw await apiError(startResponse, operation: startOperation) }
        var demultiplexer = ExecStreamDemultiplexer()
        var output: [UInt8] = []
        var truncated = false
        do {
            for try await chunk in startResponse.body {
                try demultiplexer.feed(chunk.readableBytesView) { stream, payload in
                    guard stream != .stdin else { return }
                    let room = ExecResult.outputLimit - output.count
                    if payload.count > room {
                        truncated = true
                        output.append(contentsOf: payload.prefix(max(0, room)))
                    } else {
                        output.append(contentsOf: payload)
                    }
                }
            }
        } catch let error as DockerError {
            throw error
        } catch {
            throw mapTransportError(error, operation: startOperation, timeout: timeout)
        }

        let inspectOperation = "GET /exec/\(execID)/json"
        var stoppedWithoutCode = 0
        while true {
            let inspect = makeRequest(.GET, path: "/exec/\(Self.encodePath(execID))/json", version: version)
            let response = try await send(inspect, operation: inspectOperation, timeout: timeout)
            guard response.status == .ok else { throw await apiError(response, operation: inspectOperation) }
            let state = try decode(ExecInspect.self, from: try await collect(response, operation: inspectOperation, limit: 1 << 20),
                                   operation: inspectOperation)
            if !state.running {
                if let exitCode = state.exitCode {
                    return ExecResult(exitCode: exitCode, output: String(decoding: output, as: UTF8.self), truncated: truncated)
                }
                stoppedWithoutCode += 1
                if stoppedWithoutCode > 50 {
                    throw DockerError.malformedResponse(operation: inspectOperation, reason: "the exec is not running but has no exit code")
                }
            }
            // The output stream can close a moment before the daemon records the exit.
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
