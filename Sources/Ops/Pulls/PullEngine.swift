import Docker
import Foundation
import Logging

/// The pull engine as the dashboard uses it: one Docker client, one ``PullManager`` and one
/// ``ImagePresence`` on the same clock, built from the settings.
///
/// Opening never fails: when the Docker host setting cannot be used, pulls fail and every
/// status is ``ImageStatus/dockerUnavailable(_:)`` with the reason, and nothing else stops.
public struct PullEngine: Sendable {
    /// The daemon the engine talks to.
    public let service: any ImageService
    /// The pull queue.
    public let manager: PullManager
    /// Image presence, combined with the manager's pulls.
    public let presence: ImagePresence

    /// Creates an engine over a service (for tests and custom set-ups).
    public init(service: any ImageService, configuration: PullManager.Configuration = .init(),
                clock: any PullClock = ContinuousPullClock(), presenceTTL: Duration = .seconds(5)) {
        self.service = service
        manager = PullManager(service: service, configuration: configuration, clock: clock)
        presence = ImagePresence(service: service, manager: manager, clock: clock, ttl: presenceTTL)
    }

    /// Builds the engine from `settings` (`dockerHost`, `maxParallelPulls`, `pullStallTimeout`)
    /// and the environment (`DOCKER_HOST`, `DOCKER_TLS_VERIFY`, `DOCKER_CERT_PATH`, `DOCKER_CONFIG`).
    public static func open(settings: DeckSettings, environment: [String: String] = ProcessInfo.processInfo.environment,
                            clock: any PullClock = ContinuousPullClock(),
                            logger: Logger = Logger(label: "poddeck.docker")) -> PullEngine {
        let configuration = PullManager.Configuration(settings: settings, environment: environment)
        let service: any ImageService
        do {
            let host = try DockerHost.resolve(flag: settings.dockerHost, environment: environment)
            service = try DockerClient(host: host, logger: logger)
        } catch {
            service = UnavailableImageService(reason: error.description, location: settings.dockerHost ?? "the Docker host")
        }
        return PullEngine(service: service, configuration: configuration, clock: clock)
    }

    /// Cancels every pull, waits for them to end, and closes the client's connections.
    public func shutdown() async {
        await manager.shutdown()
        if let client = service as? DockerClient { try? await client.shutdown() }
    }
}
