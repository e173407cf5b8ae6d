import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// A client of the Docker Engine API over a unix socket or TCP (optionally TLS).
///
/// Requests go to `/v<version>/…` with the API version negotiated once per client: the lower
/// of the daemon's `ApiVersion` (from the `Api-Version` header of a ``ping(timeout:)``, else
/// from `GET /version`) and ``DockerAPIVersion/maximumSupported``. Call ``shutdown()``
/// when done.
///
/// Credentials passed to ``pull(fromImage:tag:platform:auth:)`` are sent only in the
/// `X-Registry-Auth` header and never logged.
public final class DockerClient: Sendable {
    /// The daemon this client talks to.
    public let host: DockerHost
    /// The deadline for ordinary requests (inspect, version, exec set-up).
    public let requestTimeout: Duration

    /// How long to wait for a connection to the daemon.
    public let connectTimeout: Duration

    let http: HTTPClient
    let logger: Logger
    /// TLS for the connections made outside the HTTP client (hijacked exec streams).
    let sslContext: NIOSSLContext?
    private let negotiated = Mutex<DockerAPIVersion?>(nil)

    /// Creates a client for `host`.
    ///
    /// - Parameters:
    ///   - requestTimeout: the deadline for ordinary requests (pull streams have none: watch
    ///     them with ``PullProgress/isStalled(now:after:)``).
    ///   - connectTimeout: how long to wait for a connection to the daemon.
    /// - Throws: ``DockerError/invalidTLS(_:)`` when the TLS files cannot be loaded.
    public init(host: DockerHost, requestTimeout: Duration = .seconds(30), connectTimeout: Duration = .seconds(5),
                logger: Logger = Logger(label: "poddeck.docker")) throws(DockerError) {
        var configuration = HTTPClient.Configuration()
        var sslContext: NIOSSLContext?
        if case .tcp = host.address, let tls = host.tls {
            let tlsConfiguration = try tls.makeConfiguration()
            configuration.tlsConfiguration = tlsConfiguration
            do {
                sslContext = try NIOSSLContext(configuration: tlsConfiguration)
            } catch {
                throw .invalidTLS("cannot set up TLS: \(error)")
            }
        }
        self.sslContext = sslContext
        self.connectTimeout = connectTimeout
        // The exec stream is a hijacked HTTP/1.1 connection; HTTP/2 cannot carry it.
        configuration.httpVersion = .http1Only
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: TimeAmount(connectTimeout))
        configuration.connectionPool = HTTPClient.Configuration.ConnectionPool(
            idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        // Fail at once when the daemon is not there instead of retrying until the deadline.
        configuration.connectionPool.retryConnectionEstablishment = false
        self.host = host
        self.requestTimeout = requestTimeout
        self.logger = logger
        self.http = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }

    /// Closes the client's connections. Use no method afterwards.
    public func shutdown() async throws {
        try await http.shutdown()
    }

    /// Checks that the daemon answers `GET /_ping` within `timeout` (default 3 s); returns the
    /// API version it advertises in the `Api-Version` header, if any.
    ///
    /// That header also settles the version negotiation, as the docker CLI does, so a ping
    /// spares ``apiVersion()`` its `GET /version` round trip.
    ///
    /// - Throws: ``DockerError/cannotConnect(host:reason:)`` when nothing listens,
    ///   ``DockerError/timedOut(operation:host:after:)`` when the daemon is too slow.
    @discardableResult
    public func ping(timeout: Duration = .seconds(3)) async throws -> String? {
        let operation = "GET /_ping"
        let request = makeRequest(.GET, path: "/_ping", version: nil)
        let response = try await send(request, operation: operation, timeout: timeout)
        let apiVersion = response.headers.first(name: "Api-Version")
        guard response.status == .ok else { throw await apiError(response, operation: operation) }
        _ = try await collect(response, operation: operation, limit: 4096)
        if let apiVersion, let server = DockerAPIVersion(apiVersion), let chosen = try? DockerAPIVersion.negotiate(server: server) {
            negotiated.withLock { if $0 == nil { $0 = chosen } }
        }
        return apiVersion
    }

    /// The daemon's version information (`GET /version`).
    public func version() async throws -> DockerVersion {
        let operation = "GET /version"
        let request = makeRequest(.GET, path: "/version", version: nil)
        let response = try await send(request, operation: operation, timeout: requestTimeout)
        guard response.status == .ok else { throw await apiError(response, operation: operation) }
        let body = try await collect(response, operation: operation, limit: 1 << 20)
        return try decode(DockerVersion.self, from: body, operation: operation)
    }

    /// The API version used for requests, negotiated on first use and then cached.
    ///
    /// - Throws: ``DockerError/unsupportedAPIVersion(server:minimum:)`` for a daemon older than
    ///   ``DockerAPIVersion/minimumSupported``.
    public func apiVersion() async throws -> DockerAPIVersion {
        if let cached = negotiated.withLock({ $0 }) { return cached }
        let server = try await version()
        guard let serverVersion = DockerAPIVersion(server.apiVersion) else {
            throw DockerError.malformedResponse(operation: "GET /version", reason: "ApiVersion \"\(server.apiVersion)\" is not major.minor")
        }
        let chosen = try DockerAPIVersion.negotiate(server: serverVersion)
        negotiated.withLock { $0 = chosen }
        logger.debug("negotiated Docker API version", metadata: ["host": "\(host)", "version": "\(chosen)"])
        return chosen
    }

    /// What the daemon knows about the local image `reference` (name, `name:tag`, `name@digest`
    /// or ID); nil when it has no such image.
    public func imageInspect(_ reference: String) async throws -> ImageInfo? {
        try await inspect(ImageInfo.self, operation: "GET /images/\(reference)/json",
                          path: "/images/\(Self.encodePath(reference))/json")
    }
}
