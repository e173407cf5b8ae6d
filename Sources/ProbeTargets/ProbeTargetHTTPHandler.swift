import NIOCore
import NIOHTTP1
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Answers one HTTP/1.1 connection of a `ProbeTargetServer` through `ProbeTargetRoute`.
final class ProbeTargetHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let state: ProbeTargetState
    private let profile: ProbeTargetServer.Profile
    private var head: HTTPRequestHead?

    init(state: ProbeTargetState, profile: ProbeTargetServer.Profile) {
        self.state = state
        self.profile = profile
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
        case .body:
            break
        case .end:
            guard let head else { return }
            self.head = nil
            handle(head, context: context)
        }
    }

    private func handle(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        state.countRequest(path: ProbeTargetRoute.split(head.uri).path)
        let action = ProbeTargetRoute.action(
            method: head.method.rawValue, uri: head.uri,
            headers: head.headers.map { ($0.name, $0.value) },
            profile: profile, isHealthy: state.isHealthy)
        let keepAlive = head.isKeepAlive
        switch action {
        case .respond(let response, let delay):
            guard let delay, delay > .zero else {
                write(response, version: head.version, keepAlive: keepAlive, context: context)
                return
            }
            context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(delay)) {
                guard context.channel.isActive else { return }
                self.write(response, version: head.version, keepAlive: keepAlive, context: context)
            }
        case .toggle:
            let healthy = state.toggle()
            write(ProbeTargetRoute.toggleResponse(isHealthy: healthy), version: head.version,
                  keepAlive: keepAlive, context: context)
        case .hang:
            break
        case .drop:
            context.close(promise: nil)
        case .reset:
            if let provider = context.channel as? any SocketOptionProvider {
                provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).assumeIsolated().whenComplete { _ in
                    context.close(promise: nil)
                }
            } else {
                context.close(promise: nil)
            }
        }
    }

    private func write(_ response: ProbeTargetResponse, version: HTTPVersion, keepAlive: Bool,
                       context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        if let location = response.location { headers.add(name: "Location", value: location) }
        let body = response.allowsBody ? response.body : []
        if response.allowsBody { headers.add(name: "Content-Length", value: String(body.count)) }
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        let head = HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: response.status),
                                    headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if !body.isEmpty {
            let buffer = context.channel.allocator.buffer(bytes: body)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            done.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

/// Accepts a plain TCP connection and discards whatever arrives.
final class ProbeTargetTCPHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

extension TimeAmount {
    /// The same span as `duration`, in nanoseconds (saturating).
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let (secondsNanos, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        self = overflow ? .nanoseconds(.max) : .nanoseconds(secondsNanos + attoseconds / 1_000_000_000)
    }
}
