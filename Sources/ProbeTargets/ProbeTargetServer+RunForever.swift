/// The ports of the three sandbox probe targets once they listen.
public struct ProbeTargetPorts: Sendable, Equatable {
    /// Port of the server whose health endpoints answer 200.
    public var healthy: Int
    /// Port of the server whose health endpoints answer 503.
    public var failing: Int
    /// Port of the server whose health endpoints answer late.
    public var slow: Int

    /// Creates a set of ports.
    public init(healthy: Int, failing: Int, slow: Int) {
        self.healthy = healthy
        self.failing = failing
        self.slow = slow
    }
}

extension ProbeTargetServer {
    /// Runs a healthy, a failing and a slow probe target until the calling task is cancelled.
    ///
    /// Every server offers the full route table; only the health endpoints (`/`, `/healthz`,
    /// `/livez`, `/readyz`) differ. Pass port 0 to pick free ports; `onReady` receives the ports
    /// actually bound.
    /// - Parameters:
    ///   - host: Address to bind, loopback by default.
    ///   - healthyPort: Port of the healthy target.
    ///   - failingPort: Port of the failing target.
    ///   - slowPort: Port of the slow target.
    ///   - slowDelay: How late the slow target answers its health endpoints.
    ///   - onReady: Called once all three listen.
    public static func runForever(host: String = "127.0.0.1", healthyPort: Int, failingPort: Int, slowPort: Int,
                                  slowDelay: Duration = .seconds(5),
                                  onReady: @Sendable (ProbeTargetPorts) -> Void = { _ in }) async throws {
        let servers = [
            ProbeTargetServer(profile: .healthy),
            ProbeTargetServer(profile: .failing),
            ProbeTargetServer(profile: .slow(slowDelay)),
        ]
        do {
            try await servers[0].start(host: host, port: healthyPort)
            try await servers[1].start(host: host, port: failingPort)
            try await servers[2].start(host: host, port: slowPort)
        } catch {
            for server in servers { await server.stop() }
            throw error
        }
        onReady(ProbeTargetPorts(healthy: servers[0].port, failing: servers[1].port, slow: servers[2].port))
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(3600))
        }
        for server in servers { await server.stop() }
    }
}
