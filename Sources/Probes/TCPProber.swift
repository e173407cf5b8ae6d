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

/// A `tcpSocket` probe prepared once (the address parsed when the host is an IP literal).
struct PreparedTCPProbe: PreparedProbe {
    let host: String
    let port: Int
    let target: String
    let address: SocketAddress?

    init(host: String, port: Int) {
        self.host = host
        self.port = port
        self.target = ProbeHandler.hostPort(host, port)
        self.address = try? SocketAddress(ipAddress: host, port: port)
    }

    func start(on loop: any EventLoop, timeout: Duration,
               _ done: @escaping @Sendable (ProbeResult) -> Void) -> any ProbeRunHandle {
        let call = TCPProbeCall(probe: self, loop: loop, timeout: timeout, done: done)
        if loop.inEventLoop {
            call.begin()
        } else {
            loop.execute { call.begin() }
        }
        return call
    }
}

/// One TCP connect on one event loop. Confined to `loop` (but ``cancel()``).
final class TCPProbeCall: ProbeRunHandle, @unchecked Sendable {
    private let probe: PreparedTCPProbe
    private let loop: any EventLoop
    private let timeout: Duration
    private let done: @Sendable (ProbeResult) -> Void
    private let start: NIODeadline
    private var channel: (any Channel)?
    private var finished = false

    init(probe: PreparedTCPProbe, loop: any EventLoop, timeout: Duration, done: @escaping @Sendable (ProbeResult) -> Void) {
        self.probe = probe
        self.loop = loop
        self.timeout = timeout
        self.done = done
        self.start = .now()
    }

    func begin() {
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(timeout.probeTimeAmount)
            .channelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    guard !self.finished else { throw ChannelError.ioOnClosedChannel }
                    self.channel = channel
                }
            }
        let connect = probe.address.map { bootstrap.connect(to: $0) }
            ?? bootstrap.connect(host: probe.host, port: probe.port)
        connect.whenComplete { [self] result in
            switch result {
            case .success:
                finish(ProbeResult(outcome: .success, message: "connected to \(probe.target)"))
            case .failure(let error):
                let text = ProbeErrorText.describe(error, timeout: timeout)
                finish(ProbeResult(outcome: .failure, message: "dial tcp \(probe.target): \(text)"))
            }
        }
    }

    func cancel() {
        loop.execute { [self] in finish(.cancelled) }
    }

    private func finish(_ result: ProbeResult) {
        guard !finished else { return }
        finished = true
        channel?.close(promise: nil)
        channel = nil
        var result = result
        result.latency = .probeLatency(since: start)
        done(result)
    }
}
