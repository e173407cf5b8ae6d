import NIOCore
import NIOPosix

/// Runs `tcpSocket` probes: success when a TCP connection opens within the timeout (then closed).
public struct TCPProber: Prober {
    /// Creates a prober on the shared NIO event loops.
    public init() {}

    /// Runs a `tcp` handler; other handlers give `.unknown`.
    public func probe(_ handler: ProbeHandler, timeout: Duration) async -> ProbeResult {
        guard case .tcp(let host, let port) = handler else { return .unsupported(handler) }
        let target = ProbeHandler.hostPort(host, port)
        let start = ContinuousClock.now
        let outcome = await ProbeDeadline.race(timeout: timeout, timer: MultiThreadedEventLoopGroup.singleton.next()) { () -> String? in
            do {
                let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .connectTimeout(.nanoseconds(timeout.probeNanoseconds))
                    .connect(probeHost: host, port: port)
                    .get()
                try? await channel.close()
                return nil
            } catch {
                return ProbeErrorText.describe(error, timeout: timeout)
            }
        }
        let latency = start.duration(to: .now)
        switch outcome {
        case .value(nil):
            return ProbeResult(outcome: .success, message: "connected to \(target)", latency: latency)
        case .value(let error?):
            return ProbeResult(outcome: .failure, message: "dial tcp \(target): \(error)", latency: latency)
        case .timedOut:
            return ProbeResult(outcome: .failure,
                               message: "dial tcp \(target): \(ProbeErrorText.timeoutText(timeout))", latency: latency)
        case .cancelled:
            return ProbeResult(outcome: .unknown, message: "probe cancelled", latency: latency)
        }
    }
}
