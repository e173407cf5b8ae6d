import NIOCore
import NIOHTTP1

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
