import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One GET as a probe makes it, computed once: where to connect and the request head to send
/// (with `Connection: close`). The first request of a probe is built when the probe is prepared;
/// only redirects build new ones.
struct HTTPProbeRequest: Sendable {
    /// The URL requested.
    let url: URL
    /// The host to connect to (as in the URL, without brackets).
    let host: String
    /// The port to connect to.
    let port: Int
    /// Whether the exchange uses TLS.
    let secure: Bool
    /// The host as an address when it is an IP literal (no resolver needed).
    let address: SocketAddress?
    /// The request head sent.
    let head: HTTPRequestHead

    /// The URL has no host to connect to.
    struct MissingHost: Error, CustomStringConvertible {
        var description: String { "the URL has no host" }
    }

    /// Builds the request for `url` with `fields` and, if set, a `Host` override.
    init(url: URL, fields: [ProbeHTTPHeader], hostOverride: String?) throws {
        guard let host = url.host, !host.isEmpty else { throw MissingHost() }
        let secure = url.scheme?.lowercased() == "https"
        let port = url.port ?? (secure ? 443 : 80)
        var target = url.path(percentEncoded: true)
        if target.isEmpty { target = "/" }
        if let query = url.query(percentEncoded: true) { target += "?" + query }
        var headers = HTTPHeaders()
        let bracketed = host.contains(":") ? "[\(host)]" : host
        let defaultPort = secure ? 443 : 80
        headers.add(name: "Host", value: hostOverride ?? (port == defaultPort ? bracketed : "\(bracketed):\(port)"))
        for field in fields { headers.add(name: field.name, value: field.value) }
        self.url = url
        self.host = host
        self.port = port
        self.secure = secure
        self.address = try? SocketAddress(ipAddress: host, port: port)
        self.head = HTTPRequestHead(version: .http1_1, method: .GET, uri: target, headers: headers)
    }

    /// Whether `host` is an IPv4 or IPv6 literal (no SNI for those).
    static func isIPAddress(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}

/// What came back from one exchange.
struct HTTPProbeResponse: Sendable {
    /// The status code.
    var status: Int
    /// The `Location` header, if any.
    var location: String?
    /// The body, at most `bodyLimit` bytes.
    var body: [UInt8]
}

/// Sends the request once the connection is up and hands the response (or the error) to `done`,
/// exactly once, on the channel's event loop; then closes the connection.
///
/// Straight on NIO (no connection pool, no client state machines): a probe never reuses a
/// connection, so a pool only costs.
final class HTTPProbeResponseHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private let head: HTTPRequestHead
    private let bodyLimit: Int
    private let done: (Result<HTTPProbeResponse, any Error>) -> Void
    private var response: HTTPProbeResponse?
    private var sent = false
    private var finished = false

    init(head: HTTPRequestHead, bodyLimit: Int, done: @escaping (Result<HTTPProbeResponse, any Error>) -> Void) {
        self.head = head
        self.bodyLimit = bodyLimit
        self.done = done
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { sendRequest(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        // The channel is gone. Before it was active, the connect itself failed and the connect
        // future reports why; after, the response is missing.
        if sent { finish(.failure(ChannelError.eof), context: nil) }
        finished = true
    }

    func channelActive(context: ChannelHandlerContext) {
        sendRequest(context: context)
        context.fireChannelActive()
    }

    private func sendRequest(context: ChannelHandlerContext) {
        guard !sent else { return }
        sent = true
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !finished else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            response = HTTPProbeResponse(status: Int(head.status.code), location: head.headers.first(name: "Location"),
                                         body: [])
        case .body(let buffer):
            guard var current = response else { return }
            response = nil
            let room = bodyLimit - current.body.count
            current.body.append(contentsOf: buffer.readableBytesView.prefix(room))
            if current.body.count >= bodyLimit {
                finish(.success(current), context: context)
            } else {
                response = current
            }
        case .end:
            if let response { finish(.success(response), context: context) }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(.failure(ChannelError.eof), context: context)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(.failure(error), context: context)
    }

    private func finish(_ result: Result<HTTPProbeResponse, any Error>, context: ChannelHandlerContext?) {
        guard !finished else { return }
        finished = true
        done(result)
        context?.close(promise: nil)
    }
}
