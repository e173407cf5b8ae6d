import NIOCore

/// Runs any ``ProbeHandler`` with the prober made for it.
///
/// HTTP goes to ``HTTPProber``, TCP to ``TCPProber``, exec to ``ExecProber`` (when a runner was
/// given); gRPC and unknown handlers answer `.unknown` with a reason. Call ``shutdown()`` when done.
public struct ProberDispatcher: EventLoopProber {
    /// The HTTP prober.
    public let http: HTTPProber
    /// The TCP prober.
    public let tcp: TCPProber
    /// The exec prober, when a container runtime was wired in.
    public let exec: ExecProber?

    /// Creates a dispatcher; without `execRunner`, exec probes answer `.unknown`.
    public init(execRunner: (any ExecRunner)? = nil, userAgent: String = HTTPProber.defaultUserAgent) {
        self.http = HTTPProber(userAgent: userAgent)
        self.tcp = TCPProber()
        self.exec = execRunner.map { ExecProber(runner: $0) }
    }

    /// HTTP and TCP handlers run on an event loop; the others take the async path.
    func prepare(_ handler: ProbeHandler) -> (any PreparedProbe)? {
        switch handler {
        case .httpGet: http.prepare(handler)
        case .tcp: tcp.prepare(handler)
        case .exec, .grpc, .unsupported: nil
        }
    }

    /// Runs `handler` with the matching prober.
    public func probe(_ handler: ProbeHandler, timeout: Duration) async -> ProbeResult {
        switch handler {
        case .httpGet:
            return await http.probe(handler, timeout: timeout)
        case .tcp:
            return await tcp.probe(handler, timeout: timeout)
        case .exec:
            guard let exec else {
                return ProbeResult(outcome: .unknown, message: "exec probes need a container runtime")
            }
            return await exec.probe(handler, timeout: timeout)
        case .grpc:
            return ProbeResult(outcome: .unknown, message: "gRPC probes are not supported yet")
        case .unsupported:
            return .unsupported(handler)
        }
    }

    /// Releases the HTTP client.
    public func shutdown() async {
        await http.shutdown()
    }
}
