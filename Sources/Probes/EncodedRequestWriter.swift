import NIOCore
import NIOEmbedded
import NIOHTTP1

/// Writes a request head that was encoded once, when the request was built, in place of NIO's
/// `HTTPRequestEncoder` and header validator on every run.
///
/// Sits between the socket and the response decoder: the decoder still sees the `.head` go by
/// (it needs the request method to read the response), and this handler turns it into the
/// stored bytes.
final class EncodedRequestWriter: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = ByteBuffer

    private let bytes: ByteBuffer

    init(bytes: ByteBuffer) {
        self.bytes = bytes
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head:
            context.write(wrapOutboundOut(bytes), promise: promise)
        case .body, .end:
            // A probe's GET has no body; the head's bytes hold everything.
            promise?.succeed()
        }
    }

    /// A request NIO's header validation refused, with the first header (or the target) at fault.
    struct UnsendableRequest: Error, CustomStringConvertible {
        /// The header's name, nil when the target is at fault.
        var header: String?
        var description: String {
            if let header {
                return "the header \(String(reflecting: header)) cannot be sent (HTTP forbids a line break, NUL or, in names, "
                    + "spaces and separators)"
            }
            return "the request target cannot be sent (HTTP forbids its characters)"
        }
    }

    /// The bytes NIO's HTTP/1 client pipeline writes for `head` followed by `.end`, checked by its
    /// outbound header validation; throws ``UnsendableRequest`` for a header or target it refuses.
    static func encode(_ head: HTTPRequestHead) throws -> ByteBuffer {
        do {
            return try encodeChecked(head)
        } catch is HTTPParserError {
            for (name, value) in head.headers {
                var alone = head
                alone.headers = HTTPHeaders([(name, value)])
                if (try? encodeChecked(alone)) == nil { throw UnsendableRequest(header: name) }
            }
            throw UnsendableRequest(header: nil)
        }
    }

    private static func encodeChecked(_ head: HTTPRequestHead) throws -> ByteBuffer {
        let channel = EmbeddedChannel()
        defer { _ = try? channel.finish() }
        try channel.pipeline.syncOperations.addHTTPClientHandlers()
        try channel.writeOutbound(HTTPClientRequestPart.head(head))
        try channel.writeOutbound(HTTPClientRequestPart.end(nil))
        var bytes = ByteBuffer()
        while var part = try channel.readOutbound(as: ByteBuffer.self) {
            bytes.writeBuffer(&part)
        }
        return bytes
    }
}
