import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A small HTTP/1.1 (or plain TCP) server on loopback that answers probes the way tests, the demo
/// sandbox and benchmarks need: healthy, failing, slow, hanging, redirecting, dropping.
///
/// Routes in `.http` mode:
/// - `/`, `/healthz`, `/livez`, `/readyz`: depend on the ``Profile`` (200 `ok`, 503, or 200 late)
/// - `/status/NNN`: answers with status NNN (200-599)
/// - `/fail`: 503
/// - `/slow?ms=N`: 200 after N milliseconds
/// - `/hang`: reads the request and never answers
/// - `/drop`: closes the connection without a response; `/reset` resets it (TCP RST)
/// - `/big?bytes=N`: a body of N bytes
/// - `/headers`: echoes the request headers as `name: value` lines, in order
/// - `/redirect?to=URL&code=302`: redirects to URL with the given 3xx code
/// - `/loop`: redirects to itself; `/chain/N`: redirects N times, then 200
/// - `/toggle`: 200 while healthy, 503 while failing; `POST /toggle` flips the state
/// - anything else: 404
///
/// In `.tcp` mode the server only accepts connections and discards what it reads.
public final class ProbeTargetServer: Sendable {
    /// What the server speaks.
    public enum Mode: Sendable, Equatable {
        /// HTTP/1.1 with the route table.
        case http
        /// A plain TCP listener that accepts connections and discards input.
        case tcp
    }

    /// How the health endpoints (`/`, `/healthz`, `/livez`, `/readyz`) answer.
    public enum Profile: Sendable, Equatable {
        /// 200 `ok`.
        case healthy
        /// 503 `failing`.
        case failing
        /// 200 `ok`, but only after the given delay.
        case slow(Duration)
    }

    /// The server's mode.
    public let mode: Mode
    /// The server's profile.
    public let profile: Profile
    let state = ProbeTargetState()
    private let channel = Mutex<(any Channel)?>(nil)

    /// Creates a server; nothing listens until ``start(host:port:)``.
    public init(mode: Mode = .http, profile: Profile = .healthy) {
        self.mode = mode
        self.profile = profile
    }

    /// Binds to `host`:`port` (port 0 picks a free one) and starts accepting connections.
    ///
    /// A server starts once; a stopped server cannot be started again (make a new one).
    public func start(host: String = "127.0.0.1", port: Int = 0) async throws {
        let state = self.state
        let mode = self.mode
        let profile = self.profile
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    guard state.register(channel) else {
                        channel.close(promise: nil)
                        return
                    }
                    switch mode {
                    case .http:
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                        try channel.pipeline.syncOperations.addHandler(
                            ProbeTargetHTTPHandler(state: state, profile: profile))
                    case .tcp:
                        try channel.pipeline.syncOperations.addHandler(ProbeTargetTCPHandler())
                    }
                }
            }
        let bound = try await bootstrap.bind(host: host, port: port).get()
        let previous = channel.withLock { current -> (any Channel)? in
            if let current { return current }
            current = bound
            return nil
        }
        if previous != nil {
            try? await bound.close()
            throw ProbeTargetServerError("server already started on port \(self.port)")
        }
    }

    /// The port the server listens on (0 before ``start(host:port:)``).
    public var port: Int {
        channel.withLock { $0?.localAddress?.port } ?? 0
    }

    /// Whether the server is listening.
    public var isListening: Bool {
        channel.withLock { $0?.isActive ?? false }
    }

    /// Stops listening and closes every open connection (including hanging ones). Idempotent.
    public func stop() async {
        let listener = channel.withLock { $0 }
        if let listener { try? await listener.close() }
        for connection in state.beginStop() {
            try? await connection.close()
        }
    }

    /// Whether `/toggle` answers healthy.
    public var isHealthy: Bool { state.isHealthy }

    /// Sets the `/toggle` state.
    public func setHealthy(_ healthy: Bool) { state.setHealthy(healthy) }

    /// Flips the `/toggle` state and returns the new one.
    @discardableResult
    public func toggle() -> Bool { state.toggle() }

    /// How many requests reached `path` (without query).
    public func requestCount(path: String) -> Int { state.requestCount(path: path) }

    /// How many connections were accepted.
    public var connectionCount: Int { state.connectionCount }
}

/// An error starting a probe target.
public struct ProbeTargetServerError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public var description: String
    /// Creates an error.
    public init(_ description: String) { self.description = description }
}
