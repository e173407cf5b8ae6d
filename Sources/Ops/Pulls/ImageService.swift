import Docker

/// What the pull engine needs from a Docker daemon: pulls, image inspection and a ping.
///
/// ``Docker/DockerClient`` is the real one; tests may script a fake at this seam.
public protocol ImageService: Sendable {
    /// Pulls `fromImage` at `tag` (a tag or a digest), streaming the daemon's progress messages.
    /// Ending the consumption of the stream closes the connection, which aborts the pull.
    func pull(fromImage: String, tag: String, platform: String?, auth: RegistryAuth?) -> AsyncThrowingStream<PullMessage, any Error>
    /// The local image `reference`, or nil when the daemon has none.
    func imageInspect(_ reference: String) async throws -> ImageInfo?
    /// Checks that the daemon answers within `timeout`; returns its API version, if it says.
    func ping(timeout: Duration) async throws -> String?
    /// Where the daemon is, for messages (`unix:///var/run/docker.sock`).
    var location: String { get }
}

extension DockerClient: ImageService {
    /// The daemon's address as the docker CLI writes it.
    public var location: String { host.description }
}
