import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One GET on a connection of its own, as a probe makes it: connect, send the request with
/// `Connection: close`, read the status, headers and at most `bodyLimit` bytes of body, close.
///
/// Straight on NIO (no connection pool, no client state machines): a probe never reuses a
/// connection, so a pool only costs. The deadline bounds connecting, TLS and the response; a
/// target that misses it gets its connection closed.
struct HTTPProbeExchange: Sendable {
    /// What came back.
    struct Response: Sendable {
        /// The status code.
        var status: Int
        /// The `Location` header, if any.
        var location: String?
        /// The body, at most `bodyLimit` bytes.
        var body: [UInt8]
    }

    /// The response did not arrive before the deadline.
    struct Timeout: Error {}

    /// HTTPS was asked for but no TLS context could be made.
    struct TLSUnavailable: Error, CustomStringConvertible {
        var description: String { "TLS is unavailable in this process" }
    }

    /// The URL has no host to connect to.
    struct MissingHost: Error, CustomStringConvertible {
        var description: String { "the URL has no host" }
    }

    let url: URL
    let fields: [ProbeHTTPHeader]
    let hostOverride: String?
    let deadline: NIODeadline
    let bodyLimit: Int
    let tls: NIOSSLContext?

    /// Runs the exchange; throws NIO's connection, socket, TLS and parser errors as they come.
    func run(on group: any EventLoopGroup) async throws -> Response {
        guard let host = url.host, !host.isEmpty else { throw MissingHost() }
        let secure = url.scheme?.lowercased() == "https"
        let port = url.port ?? (secure ? 443 : 80)
        let loop = group.next()
        let head = requestHead(host: host, port: port, secure: secure)
        let tls = secure ? self.tls : nil
        if secure && tls == nil { throw TLSUnavailable() }
        let deadline = self.deadline
        let bodyLimit = self.bodyLimit
        let remaining = deadline - .now()
        guard remaining > .zero else { throw Timeout() }
        // Made only once nothing can throw before it is handed to the handler or failed: a
        // promise dropped unfulfilled is a crash in NIO's debug builds.
        let promise = loop.makePromise(of: Response.self)
        let connect = ClientBootstrap(group: loop)
            .connectTimeout(remaining)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if let tls {
                        let serverName = Self.isIPAddress(host) ? nil : host
                        try sync.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: serverName))
                    }
                    try sync.addHTTPClientHandlers()
                    try sync.addHandler(HTTPProbeResponseHandler(head: head, promise: promise, bodyLimit: bodyLimit,
                                                                 deadline: deadline))
                }
            }
            .connect(probeHost: host, port: port)
        let channel: any Channel
        do {
            channel = try await connect.get()
        } catch {
            promise.fail(error)
            throw error
        }
        return try await withTaskCancellationHandler {
            try await promise.futureResult.get()
        } onCancel: {
            channel.close(promise: nil)
        }
    }

    private func requestHead(host: String, port: Int, secure: Bool) -> HTTPRequestHead {
        var target = url.path(percentEncoded: true)
        if target.isEmpty { target = "/" }
        if let query = url.query(percentEncoded: true) { target += "?" + query }
        var headers = HTTPHeaders()
        let bracketed = host.contains(":") ? "[\(host)]" : host
        let defaultPort = secure ? 443 : 80
        headers.add(name: "Host", value: hostOverride ?? (port == defaultPort ? bracketed : "\(bracketed):\(port)"))
        for field in fields { headers.add(name: field.name, value: field.value) }
        return HTTPRequestHead(version: .http1_1, method: .GET, uri: target, headers: headers)
    }

    /// Whether `host` is an IPv4 or IPv6 literal (no SNI for those).
    static func isIPAddress(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}

/// Sends the request once the connection is up and collects the response for an exchange.
final class HTTPProbeResponseHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private let head: HTTPRequestHead
    private let promise: EventLoopPromise<HTTPProbeExchange.Response>
    private let bodyLimit: Int
    private let deadline: NIODeadline
    private var response: HTTPProbeExchange.Response?
    private var sent = false
    private var done = false
    private var timer: Scheduled<Void>?

    init(head: HTTPRequestHead, promise: EventLoopPromise<HTTPProbeExchange.Response>, bodyLimit: Int,
         deadline: NIODeadline) {
        self.head = head
        self.promise = promise
        self.bodyLimit = bodyLimit
        self.deadline = deadline
    }

    func handlerAdded(context: ChannelHandlerContext) {
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            self.finish(.failure(HTTPProbeExchange.Timeout()), context: context)
        }
        if context.channel.isActive { sendRequest(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        // The channel is gone (e.g. the connection was refused): stop the timer, settle the promise.
        timer?.cancel()
        timer = nil
        if !done {
            done = true
            promise.fail(ChannelError.eof)
        }
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
        guard !done else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            response = HTTPProbeExchange.Response(status: Int(head.status.code), location: head.headers.first(name: "Location"),
                                                  body: [])
        case .body(let buffer):
            guard var current = response else { return }
            let room = bodyLimit - current.body.count
            current.body.append(contentsOf: buffer.readableBytesView.prefix(room))
            response = current
            if current.body.count >= bodyLimit { finish(.success(current), context: context) }
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

    private func finish(_ result: Result<HTTPProbeExchange.Response, any Error>, context: ChannelHandlerContext) {
        guard !done else { return }
        done = true
        timer?.cancel()
        timer = nil
        promise.completeWith(result)
        context.close(promise: nil)
    }
}
