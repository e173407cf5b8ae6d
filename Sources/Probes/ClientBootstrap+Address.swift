import NIOCore
import NIOPosix

extension ClientBootstrap {
    /// Connects to `host`: an IPv4 or IPv6 literal directly (no resolver, no Happy Eyeballs race,
    /// which cost as much CPU as the whole probe exchange), a name through NIO's resolver.
    func connect(probeHost host: String, port: Int) -> EventLoopFuture<any Channel> {
        if let address = try? SocketAddress(ipAddress: host, port: port) {
            return connect(to: address)
        }
        return connect(host: host, port: port)
    }
}
