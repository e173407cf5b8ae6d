import Docker
import Foundation
import Synchronization
import Testing
import TestSupport

/// One real dockerd and one plain registry shared by the tests of a suite, plus a busybox
/// image that is both pushed to the registry and kept in the daemon (for containers).
struct DockerEnvironment: Sendable {
    let daemon: DockerDaemon
    let registry: RegistryServer
    /// `127.0.0.1:<registry port>/demo/busybox:1`, present in the daemon and the registry.
    let busybox: String

    /// The environment of the running suite.
    @TaskLocal static var current: DockerEnvironment?

    /// The environment, or a failure saying the suite lacks the trait.
    static func require() throws -> DockerEnvironment {
        try #require(current, "the suite needs the .dockerEnvironment trait")
    }

    /// Runs `body` with a client of this daemon, shutting the client down afterwards.
    func withClient<T: Sendable>(_ body: (DockerClient) async throws -> T) async throws -> T {
        let client = try DockerClient(host: DockerHost(parsing: daemon.host))
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}

/// Starts a ``DockerEnvironment`` around a whole suite and stops it by PID afterwards.
struct DockerEnvironmentTrait: SuiteTrait, TestScoping {
    func provideScope(for test: Test, testCase: Test.Case?,
                      performing function: @Sendable () async throws -> Void) async throws {
        let daemon = try await DockerDaemon.start()
        defer { daemon.stop() }
        let registry = try await RegistryServer.start()
        defer { registry.stop() }
        let busybox = "\(registry.address)/demo/busybox:1"
        try await DockerTestImages.importBusybox(into: daemon, reference: busybox)
        try await daemon.dockerChecked(["push", busybox])
        let environment = DockerEnvironment(daemon: daemon, registry: registry, busybox: busybox)
        try await DockerEnvironment.$current.withValue(environment) {
            try await function()
        }
    }
}

extension Trait where Self == DockerEnvironmentTrait {
    /// A real dockerd and registry shared by the suite's tests.
    static var dockerEnvironment: Self { Self() }
}

/// Runs `body`, failing instead of hanging when it takes longer than `limit` (the body is
/// then cancelled and left behind, so even a body that ignores cancellation cannot hang the test).
func withinLimit<T: Sendable>(_ limit: Duration, _ what: String,
                              _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    let done = DoneFlag()
    let task = Task {
        defer { done.set() }
        return try await body()
    }
    do {
        try await waitUntil("\(what) to finish", timeout: limit, every: .milliseconds(20)) { done.isSet }
    } catch {
        task.cancel()
        throw error
    }
    return try await task.value
}

/// A flag set once from any task.
final class DoneFlag: Sendable {
    private let flag = Mutex(false)
    /// Sets the flag.
    func set() { flag.withLock { $0 = true } }
    /// Whether the flag is set.
    var isSet: Bool { flag.withLock { $0 } }
}

/// Seconds since `start` as the `Duration` timestamps ``PullProgress`` takes.
func elapsed(since start: ContinuousClock.Instant) -> Duration {
    ContinuousClock.now - start
}
