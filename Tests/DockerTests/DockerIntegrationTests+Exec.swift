import Docker
import Foundation
import Testing
import TestSupport

extension DockerIntegrationTests {
    /// Runs `body` with a sleeping busybox container that is removed afterwards.
    func withContainer(_ env: DockerEnvironment, _ body: (DockerClient, String) async throws -> Void) async throws {
        let container = try await env.daemon.runSleepingContainer(image: env.busybox)
        defer { env.daemon.removeContainer(container) }
        try await env.withClient { client in try await body(client, container) }
    }

    @Test func execSucceedsWithExitZero() async throws {
        let env = try DockerEnvironment.require()
        try await withContainer(env) { client, container in
            let result = try await client.exec(containerID: container, command: ["sh", "-c", "echo ready"], timeout: .seconds(20))
            #expect(result == ExecResult(exitCode: 0, output: "ready\n", truncated: false))
        }
    }

    @Test func execReportsExitOneWithStdoutAndStderr() async throws {
        let env = try DockerEnvironment.require()
        try await withContainer(env) { client, container in
            let result = try await client.exec(containerID: container,
                                               command: ["sh", "-c", "echo not healthy; echo details >&2; exit 1"],
                                               timeout: .seconds(20))
            #expect(result.exitCode == 1)
            #expect(result.output.contains("not healthy\n"))
            #expect(result.output.contains("details\n"))
            #expect(!result.truncated)
        }
    }

    @Test func execTruncatesOutputAtTenKiB() async throws {
        let env = try DockerEnvironment.require()
        try await withContainer(env) { client, container in
            let result = try await client.exec(containerID: container, command: ["seq", "1", "5000"], timeout: .seconds(20))
            #expect(result.exitCode == 0)
            #expect(result.truncated)
            #expect(result.output.utf8.count == ExecResult.outputLimit)
            #expect(result.output.hasPrefix("1\n2\n3\n"))
        }
    }

    @Test func execThatOutlivesItsTimeoutFails() async throws {
        let env = try DockerEnvironment.require()
        try await withContainer(env) { client, container in
            let error = await #expect(throws: DockerError.self) {
                try await client.exec(containerID: container, command: ["sleep", "30"], timeout: .seconds(1))
            }
            #expect(error == .commandTimedOut(after: .seconds(1)))
            #expect(error?.description == "command timed out after 1s")
        }
    }

    @Test func execOfAMissingBinaryReportsTheRuntimeError() async throws {
        let env = try DockerEnvironment.require()
        try await withContainer(env) { client, container in
            let result = try await client.exec(containerID: container, command: ["/no/such/binary"], timeout: .seconds(20))
            #expect(result.exitCode == 126)
            #expect(result.output.contains("no such file or directory"), "\(result.output)")
        }
    }

    @Test func execInAMissingContainerIsA404() async throws {
        let env = try DockerEnvironment.require()
        try await env.withClient { client in
            let error = await #expect(throws: DockerError.self) {
                try await client.exec(containerID: "no-such-container", command: ["true"], timeout: .seconds(20))
            }
            #expect(error?.httpStatus == 404)
            #expect(error?.description.contains("No such container") == true, "\(String(describing: error))")
        }
    }
}
