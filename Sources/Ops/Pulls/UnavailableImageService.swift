import Docker

/// An ``ImageService`` for when no Docker client can be made (an invalid `--docker-host`,
/// unusable TLS files): every call fails with the reason, so the dashboard shows
/// "docker unavailable: <reason>" and keeps working.
public struct UnavailableImageService: ImageService {
    /// Why there is no client.
    public let reason: String
    /// What the host setting said, for messages.
    public let location: String

    /// Creates a service that fails every call with `reason`.
    public init(reason: String, location: String = "the configured Docker host") {
        self.reason = reason
        self.location = location
    }

    /// Fails at once.
    public func pull(fromImage: String, tag: String, platform: String?, auth: RegistryAuth?) -> AsyncThrowingStream<PullMessage, any Error> {
        AsyncThrowingStream { $0.finish(throwing: DockerError.invalidArgument(reason)) }
    }

    /// Fails at once.
    public func imageInspect(_ reference: String) async throws -> ImageInfo? {
        throw DockerError.cannotConnect(host: location, reason: reason)
    }

    /// Fails at once.
    public func ping(timeout: Duration) async throws -> String? {
        throw DockerError.invalidArgument(reason)
    }
}
