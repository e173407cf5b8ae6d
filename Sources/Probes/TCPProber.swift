import NIOCore
import NIOPosix

/// Runs `tcpSocket` probes: success when a TCP connection opens within the timeout (then closed).
/// Each run is callbacks on one event loop, no task.
public struct TCPProber: EventLoopProber {
    /// Creates a prober on the shared NIO event loops.
    public init() {}

    var eventLoopGroup: any EventLoopGroup { MultiThreadedEventLoopGroup.singleton }

    func prepare(_ handler: ProbeHandler) -> (any PreparedProbe)? {
        guard case .tcp(let host, let port) = handler else { return nil }
        return PreparedTCPProbe(host: host, port: port)
    }

    /// Runs a `tcp` handler; other handlers give `.unknown`.
    public func probe(_ handler: ProbeHandler, timeout: Duration) async -> ProbeResult {
        guard let prepared = prepare(handler) else { return .unsupported(handler) }
        return await prepared.run(on: eventLoopGroup.next(), timeout: timeout)
    }
}
