import NIOCore
import NIOPosix

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
