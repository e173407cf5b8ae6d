@testable import Ops
import Docker
import Foundation
import Probes
import Testing
import TestSupport

/// A real dockerd of the suite's own with two sleeping busybox containers: one labelled as pod
/// `shop/web`'s container `web` (the pod `probePod` makes), and `victim`, started by hand with no
/// Kubernetes labels.
struct ProbeDockerEnvironment: Sendable {
    let daemon: DockerDaemon
    let containerID: String
    let victimID: String
    /// Who `containerID` belongs to.
    static let owner = ContainerOwner(namespace: "shop", pod: "web", uid: nil, container: "web")

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
        let container = try await daemon.runSleepingContainer(
            image: image, labels: DockerDaemon.podLabels(namespace: "shop", pod: "web", container: "web"))
        let victim = try await daemon.runSleepingContainer(image: image, name: "victim")
        let environment = ProbeDockerEnvironment(daemon: daemon, containerID: container, victimID: victim)
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
            let result = await prober.probe(.exec(containerID: env.containerID, command: ["sh", "-c", "echo ready"], owner: ProbeDockerEnvironment.owner),
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
                .exec(containerID: env.containerID, command: ["sh", "-c", "echo not healthy; echo disk full >&2; exit 3"],
                      owner: ProbeDockerEnvironment.owner),
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
                _ = try await runner.exec(containerID: env.containerID, owner: ProbeDockerEnvironment.owner, command: ["sleep", "30"],
                                         timeout: .seconds(1))
            }
            let result = await ExecProber(runner: runner).probe(.exec(containerID: env.containerID, command: ["sleep", "30"], owner: ProbeDockerEnvironment.owner),
                                                                timeout: .seconds(1))
            #expect(result.outcome == .failure)
            #expect(result.message == "command timed out after 1s")
        }
    }

    @Test func aMissingContainerIsUnknownWithTheReason() async throws {
        let env = try ProbeDockerEnvironment.require()
        try await env.withClient { client in
            let result = await ExecProber(runner: DockerExecRunner(client: client))
                .probe(.exec(containerID: String(repeating: "ab", count: 32), command: ["true"], owner: ProbeDockerEnvironment.owner),
                       timeout: .seconds(20))
            #expect(result.outcome == .unknown)
            #expect(result.message == "container abababababab does not exist on the Docker daemon", "\(result.message)")
        }
    }

    /// A pod whose status names a container that is not its own (started by hand, no labels)
    /// gets no command run there: the probe is unknown with the reason, and no file appears.
    @Test func aContainerNotLabelledAsThePodsIsNeverTouched() async throws {
        let env = try ProbeDockerEnvironment.require()
        let record = try probePod("x", "innocent", probes: """
            "livenessProbe": {"exec": {"command": ["/bin/touch", "/tmp/pwned-by-probe"]}, "timeoutSeconds": 20, "periodSeconds": 1}
            """, containerID: "docker://\(env.victimID)")
        let probes = ProbePlanner.probes(of: record, options: ProbePlanOptions(execProbes: true))
        try await env.withClient { client in
            let dispatcher = ProberDispatcher(execRunner: DockerExecRunner(client: client))
            let records = await ProbeRuns.runAll(probes, count: 2, prober: dispatcher) { _ in }
            await dispatcher.shutdown()
            #expect(records.map(\.result.outcome) == [.unknown, .unknown])
            let short = String(env.victimID.prefix(12))
            #expect(records[0].result.message.hasPrefix("container \(short) is not labelled as x/innocent's container web ("),
                    "\(records[0].result.message)")
        }
        let check = try await env.daemon.docker(["exec", "victim", "sh", "-c", "test -e /tmp/pwned-by-probe"])
        #expect(check.status == 1, "the file exists in victim: \(check.stderr)")
    }

    /// A container of the right pod but another container name, a name instead of an id, and a
    /// probe with no owner are refused too.
    @Test func ownershipIsCheckedLabelByLabelAndIdsMustBeIds() async throws {
        let env = try ProbeDockerEnvironment.require()
        try await env.withClient { client in
            let runner = DockerExecRunner(client: client)
            let sidecar = ContainerOwner(namespace: "shop", pod: "web", uid: nil, container: "sidecar")
            await #expect(throws: ExecRefusal.self) {
                _ = try await runner.exec(containerID: env.containerID, owner: sidecar, command: ["true"], timeout: .seconds(20))
            }
            let withUID = ContainerOwner(namespace: "shop", pod: "web", uid: "5f0c-uid", container: "web")
            do {
                _ = try await runner.exec(containerID: env.containerID, owner: withUID, command: ["true"], timeout: .seconds(20))
                Issue.record("a container without the pod's uid label ran the command")
            } catch let refusal as ExecRefusal {
                #expect(refusal.reason.contains("io.kubernetes.pod.uid is missing"), "\(refusal.reason)")
            }
            do {
                _ = try await runner.exec(containerID: "victim", owner: ProbeDockerEnvironment.owner, command: ["true"],
                                          timeout: .seconds(20))
                Issue.record("a container name was accepted as an id")
            } catch let refusal as ExecRefusal {
                #expect(refusal.reason.contains("is not a container id"), "\(refusal.reason)")
            }
            await #expect(throws: ExecRefusal.self) {
                _ = try await runner.exec(containerID: env.containerID, owner: nil, command: ["true"], timeout: .seconds(20))
            }
        }
    }

    @Test func aPlannedExecProbeRunsInThePodsContainer() async throws {
        let env = try ProbeDockerEnvironment.require()
        let record = try probePod(probes: """
            "livenessProbe": {"exec": {"command": ["sh", "-c", "test -d /tmp && echo alive"]}, "timeoutSeconds": 20},
            "readinessProbe": {"exec": {"command": ["cat", "/tmp/ready"]}, "timeoutSeconds": 20}
            """, containerID: "docker://\(env.containerID)")
        let probes = ProbePlanner.probes(of: record, options: ProbePlanOptions(execProbes: true))
        try await env.withClient { client in
            let dispatcher = ProberDispatcher(execRunner: DockerExecRunner(client: client))
            let records = await ProbeRuns.runAll(probes, count: 1, prober: dispatcher) { _ in }
            await dispatcher.shutdown()
            #expect(records.map(\.result.outcome) == [.success, .failure])
            #expect(records[0].result.output == "alive\n")
            #expect(records[1].result.message.contains("exit code 1"), "\(records[1].result.message)")
            #expect(records[1].result.message.contains("/tmp/ready"))
        }
    }
}
