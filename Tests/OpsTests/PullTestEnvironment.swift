import Ops
import Docker
import Foundation
import PodModel
import Synchronization
import Testing
import TestSupport

/// One real dockerd and one registry shared by a suite's pull tests, plus a busybox image
/// pushed to the registry (and not kept in the daemon).
struct PullTestEnvironment: Sendable {
    let daemon: DockerDaemon
    let registry: RegistryServer

    /// The environment of the running suite.
    @TaskLocal static var current: PullTestEnvironment?

    /// The environment, or a failure saying the suite lacks the trait.
    static func require() throws -> PullTestEnvironment {
        try #require(current, "the suite needs the .pullEnvironment trait")
    }

    /// A client of this daemon.
    func client() throws -> DockerClient {
        try DockerClient(host: DockerHost(parsing: daemon.host))
    }

    /// Runs `body` with a client of this daemon, shutting it down afterwards.
    func withClient<T: Sendable>(_ body: (DockerClient) async throws -> T) async throws -> T {
        let client = try client()
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// A multi-layer image pushed to the registry, and a proxy in front of the registry that sends
    /// at most `bytesPerSecond` (the caller stops it); `reference` reaches the image through it.
    func throttledImage(repository: String, layerSizes: [Int], bytesPerSecond: Int)
        async throws -> (image: DockerTestImage, proxy: ThrottlingProxy, reference: ImageReference) {
        let image = try await DockerTestImages.pushMultiLayer(daemon: daemon, registry: registry.address,
                                                              repository: repository, layerSizes: layerSizes)
        let proxy = try await ThrottlingProxy.start(targetPort: registry.port, bytesPerSecond: bytesPerSecond)
        do {
            return (image, proxy, try ImageReference.parse(image.via(proxy.address).reference))
        } catch {
            proxy.stop()
            throw error
        }
    }

    /// A one-layer busybox image of its own in the registry (unique layer), absent from the daemon.
    func pushBusybox(repository: String) async throws -> String {
        let reference = "\(registry.address)/\(repository):1"
        try await DockerTestImages.importBusybox(into: daemon, reference: reference)
        try await daemon.dockerChecked(["push", reference])
        try await daemon.dockerChecked(["rmi", reference])
        return reference
    }
}

/// Starts a ``PullTestEnvironment`` around a suite and stops it by PID afterwards.
struct PullEnvironmentTrait: SuiteTrait, TestScoping {
    func provideScope(for test: Test, testCase: Test.Case?,
                      performing function: @Sendable () async throws -> Void) async throws {
        let daemon = try await DockerDaemon.start()
        defer { daemon.stop() }
        let registry = try await RegistryServer.start()
        defer { registry.stop() }
        try await PullTestEnvironment.$current.withValue(PullTestEnvironment(daemon: daemon, registry: registry)) {
            try await function()
        }
    }
}

extension Trait where Self == PullEnvironmentTrait {
    /// A real dockerd and registry shared by the suite's tests.
    static var pullEnvironment: Self { Self() }
}

/// Collects a manager's events from its stream in a task of its own.
final class PullEventLog: Sendable {
    private let events = Mutex<[PullEvent]>([])
    private let task: Mutex<Task<Void, Never>?> = Mutex(nil)

    /// Starts collecting `manager`'s events.
    init(_ manager: PullManager) {
        let stream = manager.events
        task.withLock {
            $0 = Task { [self] in
                for await event in stream { append(event) }
            }
        }
    }

    private func append(_ event: PullEvent) { events.withLock { $0.append(event) } }

    /// Every event so far.
    var all: [PullEvent] { events.withLock { $0 } }

    /// The events about `id`.
    func of(_ id: PullID) -> [PullEvent] { all.filter { $0.id == id } }

    /// How `id` ended, once it has.
    func outcome(of id: PullID) -> PullOutcome? {
        for event in of(id) {
            if case .finished(_, let outcome, _) = event { return outcome }
        }
        return nil
    }

    /// Waits (up to `timeout`) until `id` has ended and returns how.
    func waitForOutcome(of id: PullID, timeout: Duration = .seconds(120)) async throws -> PullOutcome {
        try await waitUntil("pull \(id) to finish; events: \(of(id).count)", timeout: timeout) { outcome(of: id) != nil }
        return try #require(outcome(of: id))
    }

    /// Waits until `id` has downloaded some bytes (or has already ended).
    func waitForDownload(of id: PullID, in manager: PullManager) async throws {
        try await waitUntil("a layer of pull \(id) to download", timeout: .seconds(60)) {
            await manager.snapshot(of: id)?.downloadedBytes ?? 0 > 0 || outcome(of: id) != nil
        }
    }

    /// Stops collecting.
    func stop() { task.withLock { $0?.cancel() } }
}
