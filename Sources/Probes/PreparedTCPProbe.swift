import NIOCore
import NIOPosix

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
