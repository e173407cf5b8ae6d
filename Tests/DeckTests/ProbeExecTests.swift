@testable import Deck
import Docker
import Foundation
import Probes
import Testing
import TestSupport

/// A real dockerd of the suite's own with one sleeping busybox container.
struct ProbeDockerEnvironment: Sendable {
    let daemon: DockerDaemon
    let containerID: String

    @TaskLocal static var current: ProbeDockerEnvironment?

    static func require() throws -> ProbeDockerEnvironment {
        try #require(current, "the suite needs the .probeDocker trait")
    }

    /// Runs `body` with a client of the daemon, shut down afterwards.
    func withClient<T: Sendable>(_ body: (DockerClient) async throws -> T) async throws -> T {
        let client = try DockerClient(host: DockerHost(parsing: daemon.host))
        do {
            let value = try await body(client)
            try await client.shutdown()
            return value
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}

/// Starts dockerd and a container around the suite; stops them by PID afterwards.
struct ProbeDockerTrait: SuiteTrait, TestScoping {
    func provideScope(for test: Test, testCase: Test.Case?,
                      performing function: @Sendable () async throws -> Void) async throws {
        let daemon = try await DockerDaemon.start()
        defer { daemon.stop() }
        let image = "poddeck-probe-test/busybox:1"
        try await DockerTestImages.importBusybox(into: daemon, reference: image)
        let container = try await daemon.runSleepingContainer(image: image)
        let environment = ProbeDockerEnvironment(daemon: daemon, containerID: container)
        try await ProbeDockerEnvironment.$current.withValue(environment) { try await function() }
    }
}

extension Trait where Self == ProbeDockerTrait {
    /// A real dockerd with a sleeping container, shared by the suite's tests.
    static var probeDocker: Self { Self() }
}

@Suite("exec probes in a real container", .probeDocker)
struct ProbeExecTests {
    @Test func anExecProbeThatExitsZeroSucceeds() async throws {
        let env = try ProbeDockerEnvironment.require()
        try await env.withClient { client in
            let prober = ExecProber(runner: DockerExecRunner(client: client))
            let result = await prober.probe(.exec(containerID: env.containerID, command: ["sh", "-c", "echo ready"]),
                                            timeout: .seconds(20))
            #expect(result.outcome == .success, "\(result.message)")
            #expect(result.message == "exit code 0")
            #expect(result.output == "ready\n")
        }
    }

    @Test func aFailingCommandFailsWithItsOutput() async throws {
        let env = try ProbeDockerEnvironment.require()
        try await env.withClient { client in
            let prober = ExecProber(runner: DockerExecRunner(client: client))
            let result = await prober.probe(
                .exec(containerID: env.containerID, command: ["sh", "-c", "echo not healthy; echo disk full >&2; exit 3"]),
                timeout: .seconds(20))
            #expect(result.outcome == .failure)
            #expect(result.message.hasPrefix("command failed with exit code 3: "), "\(result.message)")
            #expect(result.message.contains("not healthy") && result.message.contains("disk full"))
            #expect(result.output.contains("not healthy\n"))
        }
    }

    @Test func aCommandThatOutlivesTheTimeoutFails() async throws {
        let env = try ProbeDockerEnvironment.require()
        try await env.withClient { client in
            let runner = DockerExecRunner(client: client)
            await #expect(throws: ExecTimeoutError.self) {
                _ = try await runner.exec(containerID: env.containerID, command: ["sleep", "30"], timeout: .seconds(1))
            }
            let result = await ExecProber(runner: runner).probe(.exec(containerID: env.containerID, command: ["sleep", "30"]),
                                                                timeout: .seconds(1))
            #expect(result.outcome == .failure)
            #expect(result.message == "command timed out after 1s")
        }
    }

    @Test func aMissingContainerIsUnknownWithDockersReason() async throws {
        let env = try ProbeDockerEnvironment.require()
        try await env.withClient { client in
            let result = await ExecProber(runner: DockerExecRunner(client: client))
                .probe(.exec(containerID: "no-such-container", command: ["true"]), timeout: .seconds(20))
            #expect(result.outcome == .unknown)
            #expect(result.message.contains("No such container"), "\(result.message)")
        }
    }

    @Test func aPlannedExecProbeRunsInThePodsContainer() async throws {
        let env = try ProbeDockerEnvironment.require()
        let record = try probePod(probes: """
            "livenessProbe": {"exec": {"command": ["sh", "-c", "test -d /tmp && echo alive"]}, "timeoutSeconds": 20},
            "readinessProbe": {"exec": {"command": ["cat", "/tmp/ready"]}, "timeoutSeconds": 20}
            """, containerID: "docker://\(env.containerID)")
        let probes = ProbePlanner.probes(of: record)
        try await env.withClient { client in
            let dispatcher = ProberDispatcher(execRunner: DockerExecRunner(client: client))
            let records = await ProbeRunner.runAll(probes, count: 1, prober: dispatcher) { _ in }
            await dispatcher.shutdown()
            #expect(records.map(\.result.outcome) == [.success, .failure])
            #expect(records[0].result.output == "alive\n")
            #expect(records[1].result.message.contains("exit code 1"), "\(records[1].result.message)")
            #expect(records[1].result.message.contains("/tmp/ready"))
        }
    }
}
